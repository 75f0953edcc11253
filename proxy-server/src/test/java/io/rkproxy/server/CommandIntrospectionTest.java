package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class CommandIntrospectionTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "writer: {password: w-secret, pool: cache, db: 1}",
            "reader: {password: r-secret, pool: cache, db: 1, read-only: true}");

    @Test
    void commandListShowsOnlyWhatTheTenantMayRun() {
        try (RespSocket writer = proxy.login("w-secret"); RespSocket reader = proxy.login("r-secret")) {
            Set<String> writers = Set.of(writer.call("COMMAND", "LIST").split("\n"));
            Set<String> readers = Set.of(reader.call("COMMAND", "LIST").split("\n"));
            assertTrue(writers.contains("set") && writers.contains("get"), writers.toString());
            assertFalse(writers.contains("flushall") || writers.contains("config") || writers.contains("monitor"));
            assertTrue(readers.contains("get") && !readers.contains("set"), readers.toString());
            assertEquals(":" + writers.size(), writer.call("COMMAND", "COUNT"));
            assertEquals(":" + readers.size(), reader.call("COMMAND", "COUNT"));
        }
    }

    @Test
    void commandInfoAndDocsHideWhatTheTenantMayNotRun() {
        try (RespSocket reader = proxy.login("r-secret")) {
            String info = reader.call("COMMAND", "INFO", "get", "set", "flushall");
            assertTrue(info.startsWith("get\n"), info);
            assertTrue(info.endsWith("(nil)\n(nil)"), info);
            String docs = reader.call("COMMAND", "DOCS", "get", "set");
            assertTrue(docs.startsWith("get\n") && !docs.contains("\nset\n"), docs);
        }
    }

    @Test
    void fullCommandReplyWorksForJedis() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("w-secret");
            Set<String> names = jedis.commandList().stream().collect(Collectors.toSet());
            assertTrue(names.contains("get") && !names.contains("flushall"));
            assertTrue(jedis.commandCount() > 100);
            assertFalse(jedis.commandInfo("flushall").values().stream().anyMatch(i -> i != null));
        }
    }
}
