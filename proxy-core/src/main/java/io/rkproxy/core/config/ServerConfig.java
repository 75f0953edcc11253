package io.rkproxy.core.config;

import io.rkproxy.core.resp.RespLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code server:} section: where the proxy listens and the limits it applies to every client connection.
 *
 * @param ioThreads          Netty event loops; 0 means one per core
 * @param maxInFlight        commands a session may have outstanding before the proxy stops reading from it
 * @param maxBulkBytes       largest bulk string in a request (Redis's proto-max-bulk-len)
 * @param maxArgs            most arguments in one request
 * @param maxInlineBytes     longest inline (telnet-style) request
 * @param authTimeout        an unauthenticated connection is closed after this long
 * @param authMaxFailures    failed AUTH attempts allowed per client address and tenant within
 *                           {@code authFailureWindow}; past them each AUTH of that pair waits {@code authFailureDelay}
 * @param authFailureDelay   how long an AUTH past {@code authMaxFailures} waits before its password is checked
 * @param maxUnauthenticatedConnections           connections not yet authenticated, on the whole node
 * @param maxUnauthenticatedConnectionsPerAddress connections not yet authenticated from one client address
 * @param maxUnauthenticatedInputBytes            bytes one connection may send before it authenticates
 * @param maxUnauthenticatedBufferBytes           buffer memory the node's unauthenticated connections may hold
 * @param shutdownTimeout    how long a stopping proxy waits for in-flight commands
 * @param slowlogSlowerThan  a command whose reply takes longer than this enters the slow log
 * @param slowlogMaxLen      entries the slow log keeps
 * @param bigRequestBytes    a request at least this large is counted as big
 * @param bigReplyBytes      a reply at least this large is counted as big
 * @param hotKeys            how hot keys are sampled, and how many hot and big keys are kept
 * @param advertiseHost      the host other machines reach this node at, as the fleet's membership shows it; empty
 *                           for the bind address (or, when that is a wildcard, this machine's address)
 * @param nodeId             this node's name in the fleet, its metrics and logs; empty to derive one from the host
 *                           name and port
 * @param clientOutput       the output limits of a connection; its soft bound also stops forwarding its commands
 * @param pubsubOutput       the output limits of a connection in subscribed mode
 * @param tls                the TLS listener, if any
 */
public record ServerConfig(
        String bind,
        int port,
        int ioThreads,
        int maxInFlight,
        int maxBulkBytes,
        int maxArgs,
        int maxInlineBytes,
        Duration authTimeout,
        int authMaxFailures,
        Duration authFailureWindow,
        Duration authFailureDelay,
        int maxUnauthenticatedConnections,
        int maxUnauthenticatedConnectionsPerAddress,
        int maxUnauthenticatedInputBytes,
        int maxUnauthenticatedBufferBytes,
        Duration shutdownTimeout,
        Duration slowlogSlowerThan,
        int slowlogMaxLen,
        int bigRequestBytes,
        int bigReplyBytes,
        HotKeysConfig hotKeys,
        String advertiseHost,
        String nodeId,
        OutputLimit clientOutput,
        OutputLimit pubsubOutput,
        Optional<ServerTls> tls) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    /** A node id names a znode and a metric label. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int DEFAULT_PORT = 6380;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    /** Redis's 512 MB does not fit the launcher's default heap (-Xmx1g, so 1 GB of direct memory): see MemoryFit. */
    public static final int DEFAULT_MAX_BULK_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_ARGS = 1024 * 1024;
    public static final int DEFAULT_MAX_INLINE_BYTES = 64 * 1024;
    public static final int DEFAULT_AUTH_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_AUTH_MAX_FAILURES = 10;
    public static final int DEFAULT_AUTH_FAILURE_WINDOW_MS = 60_000;
    public static final int DEFAULT_AUTH_FAILURE_DELAY_MS = 1_000;
    public static final int DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS = 128;
    public static final int DEFAULT_MAX_UNAUTHENTICATED_INPUT_BYTES = 4096;
    public static final int DEFAULT_MAX_UNAUTHENTICATED_BUFFER_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_SLOWLOG_SLOWER_THAN_US = 10_000;
    public static final int DEFAULT_SLOWLOG_MAX_LEN = 128;
    public static final int DEFAULT_BIG_BYTES = 1024 * 1024;
    /** Room for the reply to the largest value a client may write, and as much again of other replies. */
    public static final int DEFAULT_CLIENT_OUTPUT_HARD_BYTES = 2 * DEFAULT_MAX_BULK_BYTES;
    public static final int DEFAULT_CLIENT_OUTPUT_SOFT_BYTES = 8 * 1024 * 1024;
    /** Redis's {@code client-output-buffer-limit pubsub 32mb 8mb 60}. */
    public static final int DEFAULT_PUBSUB_OUTPUT_HARD_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_PUBSUB_OUTPUT_SOFT_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_OUTPUT_SOFT_SECONDS = 60;
    /**
     * The write buffer size past which a client channel turns unwritable. A session held back by the client soft
     * limit learns that its client has read when the channel turns writable again, so that limit may not be lower.
     */
    public static final int CLIENT_WRITE_HIGH_WATER_BYTES = 1024 * 1024;

    /** The slow log's threshold for tenants that set none of their own. */
    public long slowlogSlowerThanMicros() {
        return slowlogSlowerThan.toNanos() / 1000;
    }

    /** The request limits of an authenticated client. */
    public RespLimits requestLimits() {
        return new RespLimits(maxBulkBytes, maxArgs, maxInlineBytes, true);
    }

    /** The request limits of a client that has not authenticated: Redis 7's, and at most so much input. */
    public RespLimits unauthenticatedLimits() {
        return RespLimits.UNAUTHENTICATED.withMaxInputBytes(maxUnauthenticatedInputBytes);
    }

    static ServerConfig read(ConfigNode node) {
        String bind = node.string("bind", DEFAULT_BIND);
        int port = node.integer("port", DEFAULT_PORT, 0, 65535);
        int ioThreads = node.integer("io-threads", 0, 0, 1024);
        int maxInFlight = node.integer("max-in-flight", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000);
        int maxBulk = node.integer("max-bulk-bytes", DEFAULT_MAX_BULK_BYTES, 1, Integer.MAX_VALUE);
        int maxArgs = node.integer("max-args", DEFAULT_MAX_ARGS, 1, Integer.MAX_VALUE);
        int maxInline = node.integer("max-inline-bytes", DEFAULT_MAX_INLINE_BYTES, 64, Integer.MAX_VALUE);
        int authTimeout = node.integer("auth-timeout-ms", DEFAULT_AUTH_TIMEOUT_MS, 1, Integer.MAX_VALUE);
        int authFailures = node.integer("auth-max-failures", DEFAULT_AUTH_MAX_FAILURES, 1, Integer.MAX_VALUE);
        int authWindow = node.integer("auth-failure-window-ms", DEFAULT_AUTH_FAILURE_WINDOW_MS, 1, Integer.MAX_VALUE);
        int authDelay = node.integer("auth-failure-delay-ms", DEFAULT_AUTH_FAILURE_DELAY_MS, 0, 10_000);
        int unauthenticated = node.integer("max-unauthenticated-connections",
                DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS, 1, 1_000_000);
        int unauthenticatedPerAddress = node.integer("max-unauthenticated-connections-per-address",
                DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS, 1, 1_000_000);
        int unauthenticatedInput = node.integer("max-unauthenticated-input-bytes",
                DEFAULT_MAX_UNAUTHENTICATED_INPUT_BYTES, 256, 1024 * 1024);
        int unauthenticatedBuffers = node.integer("max-unauthenticated-buffer-bytes",
                DEFAULT_MAX_UNAUTHENTICATED_BUFFER_BYTES, 64 * 1024, Integer.MAX_VALUE);
        int shutdown = node.integer("shutdown-timeout-ms", DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, Integer.MAX_VALUE);
        int slowerThan = node.integer("slowlog-log-slower-than-us", DEFAULT_SLOWLOG_SLOWER_THAN_US, 0,
                Integer.MAX_VALUE);
        int slowlogLen = node.integer("slowlog-max-len", DEFAULT_SLOWLOG_MAX_LEN, 0, 1_000_000);
        int bigRequest = node.integer("big-request-bytes", DEFAULT_BIG_BYTES, 1, Integer.MAX_VALUE);
        int bigReply = node.integer("big-reply-bytes", DEFAULT_BIG_BYTES, 1, Integer.MAX_VALUE);
        HotKeysConfig hotKeys = HotKeysConfig.read(node);
        String advertise = node.string("advertise-host", "");
        String nodeId = node.string("node-id", "");
        OutputLimit client = OutputLimit.read(node, "client-output-buffer", DEFAULT_CLIENT_OUTPUT_HARD_BYTES,
                DEFAULT_CLIENT_OUTPUT_SOFT_BYTES, CLIENT_WRITE_HIGH_WATER_BYTES);
        OutputLimit pubsub = OutputLimit.read(node, "pubsub-output-buffer", DEFAULT_PUBSUB_OUTPUT_HARD_BYTES,
                DEFAULT_PUBSUB_OUTPUT_SOFT_BYTES, 0);
        Optional<ServerTls> tls = ServerTls.read(node);
        node.rejectUnknownKeys();
        if (bind.isBlank()) {
            node.problem("bind", "must not be empty");
        }
        if (!nodeId.isEmpty() && !NODE_ID.matcher(nodeId).matches()) {
            node.problem("node-id", "'" + nodeId + "' may hold only letters, digits, '.', '_' and '-' (at most 64)");
        }
        if (unauthenticatedPerAddress > unauthenticated) {
            node.problem("max-unauthenticated-connections-per-address",
                    "must not exceed max-unauthenticated-connections (" + unauthenticated + ")");
        }
        if (client.hardBytes() < 2L * maxBulk) {
            node.problem("client-output-buffer-hard-bytes", client.hardBytes() + " must be at least twice "
                    + "max-bulk-bytes (" + maxBulk + "): room for the reply to the largest value a client may write, "
                    + "and as much again of other replies");
        }
        return new ServerConfig(bind, port, ioThreads, maxInFlight, maxBulk, maxArgs, maxInline,
                Duration.ofMillis(authTimeout), authFailures, Duration.ofMillis(authWindow),
                Duration.ofMillis(authDelay), unauthenticated, unauthenticatedPerAddress, unauthenticatedInput,
                unauthenticatedBuffers, Duration.ofMillis(shutdown),
                Duration.ofNanos(slowerThan * 1000L), slowlogLen, bigRequest, bigReply, hotKeys, advertise, nodeId,
                client, pubsub, tls);
    }
}
