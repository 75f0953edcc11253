package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryFitTest {

    /** scripts/rkproxy's -Xmx1g, which is also the JVM's default limit of direct memory. */
    static final long LAUNCHER_DIRECT_MEMORY = 1024L * 1024 * 1024;

    private static ServerConfig server(Map<String, Object> keys) {
        List<String> problems = new ArrayList<>();
        ServerConfig server = ServerConfig.read(ConfigNode.root("test", keys, problems));
        assertEquals(List.of(), problems);
        return server;
    }

    @Test
    void theDefaultsFitTheLaunchersDefaultHeap() {
        assertEquals(List.of(), MemoryFit.warnings(server(Map.of()), LAUNCHER_DIRECT_MEMORY));
    }

    @Test
    void redissOwnBulkLimitDoesNotFitTheLaunchersDefaultHeapAndIsWarnedAbout() {
        ServerConfig redisSized = server(Map.of("max-bulk-bytes", 512 * 1024 * 1024,
                "client-output-buffer-hard-bytes", 1024 * 1024 * 1024));
        List<String> warnings = MemoryFit.warnings(redisSized, LAUNCHER_DIRECT_MEMORY);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("server: one connection at its limits may hold 3072 MB"),
                warnings.get(0));
        assertEquals(List.of(), MemoryFit.warnings(redisSized, 8 * LAUNCHER_DIRECT_MEMORY),
                "it fits a JVM with more memory");
    }
}
