package io.rkproxy.core.config;

import java.util.List;

/**
 * Whether one connection at the server's limits fits the direct memory this JVM may use, which is where every
 * request and reply is buffered. A request's bulk is read into a buffer that grows by copying, so it takes about twice
 * its size while it arrives; a connection's unread output, up to its hard limit, may sit in buffers up to about twice
 * its size too. One such connection should leave at least half the memory to everyone else; the proxy warns at
 * startup when it would not.
 */
public final class MemoryFit {

    private MemoryFit() {
    }

    /** The startup warnings for {@code server} on a JVM that may use {@code maxDirectBytes} of direct memory. */
    public static List<String> warnings(ServerConfig server, long maxDirectBytes) {
        long replies = Math.max(server.clientOutput().hardBytes(), server.pubsubOutput().hardBytes());
        long oneConnection = 2L * server.maxBulkBytes() + 2L * replies;
        if (oneConnection <= maxDirectBytes / 2) {
            return List.of();
        }
        return List.of("server: one connection at its limits may hold " + mb(oneConnection) + " (twice max-bulk-bytes "
                + "while a request arrives, and twice the " + mb(replies) + " of unread output a hard limit allows), "
                + "more than half of the " + mb(maxDirectBytes) + " of direct memory this JVM may use "
                + "(-XX:MaxDirectMemorySize, else -Xmx): a large request can fail with out-of-memory and close "
                + "connections of other tenants; raise the JVM's memory or lower max-bulk-bytes and the output buffer "
                + "hard limits");
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
