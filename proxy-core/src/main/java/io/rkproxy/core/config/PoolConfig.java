package io.rkproxy.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code pools:}: a backend and how the proxy connects to it.
 *
 * @param connectionsPerNode multiplexed connections per backend node, per I/O thread and per db in use
 * @param connectTimeout     a connection attempt that takes longer fails
 * @param responseTimeout    a backend connection whose oldest outstanding command waits longer is closed
 * @param maxReconnectBackoff the cap of the exponential backoff between reconnect attempts
 * @param tenantAclUser       the backend ACL user tenants' commands run as, which cannot leave the selected db;
 *                            empty to run them as the pool's own user (scripts are then refused)
 * @param topologyRefresh     how often a cluster pool reloads its slot map even when nothing suggests a change
 * @param scriptTimeLimit     how long a script or function may run before the proxy kills it (the backend's
 *                            busy-reply-threshold is set to it); zero leaves scripts to the backend's own settings
 * @param dedicated           the backend serves one tenant only (validation refuses a second), so what Redis shares
 *                            across dbs is not shared with another tenant
 */
public record PoolConfig(
        String name,
        PoolType type,
        List<Address> nodes,
        Optional<String> username,
        Optional<String> password,
        int connectionsPerNode,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration maxReconnectBackoff,
        Optional<String> tenantAclUser,
        Duration topologyRefresh,
        Duration scriptTimeLimit,
        boolean dedicated,
        Optional<PoolTls> tls) {

    public static final int DEFAULT_CONNECTIONS_PER_NODE = 1;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
    public static final int DEFAULT_RESPONSE_TIMEOUT_MS = 2_000;
    public static final int DEFAULT_MAX_RECONNECT_BACKOFF_MS = 2_000;
    public static final String DEFAULT_TENANT_ACL_USER = "rkproxy-tenant";
    public static final int DEFAULT_TOPOLOGY_REFRESH_MS = 10_000;
    public static final int DEFAULT_SCRIPT_TIME_LIMIT_MS = 1_000;

    public PoolConfig {
        nodes = List.copyOf(nodes);
    }

    static PoolConfig read(String name, ConfigNode node) {
        String typeKey = node.string("type", null);
        PoolType type = PoolType.REDIS;
        if (typeKey == null) {
            node.problem("type", "is required (one of: " + PoolType.keys() + ")");
        } else {
            Optional<PoolType> parsed = PoolType.fromKey(typeKey);
            if (parsed.isEmpty()) {
                node.problem("type", "unknown pool type '" + typeKey + "' (one of: " + PoolType.keys() + ")");
            } else {
                type = parsed.get();
            }
        }
        List<Address> nodes = new ArrayList<>();
        List<String> rawNodes = node.stringList("nodes");
        if (rawNodes.isEmpty()) {
            node.problem("nodes", "at least one node address (host:port) is required");
        }
        for (String raw : rawNodes) {
            Address.parse(raw).ifPresentOrElse(nodes::add,
                    () -> node.problem("nodes", "bad address '" + raw + "' (expected host:port)"));
        }
        if (type == PoolType.REDIS && nodes.size() > 1) {
            node.problem("nodes", "a redis pool has exactly one node, got " + nodes.size());
        }
        Optional<String> username = Optional.ofNullable(node.string("username", null));
        Optional<String> password = Optional.ofNullable(node.string("password", null));
        if (username.isPresent() && password.isEmpty()) {
            node.problem("username", "needs a password");
        }
        int connections = node.integer("connections-per-node", DEFAULT_CONNECTIONS_PER_NODE, 1, 64);
        int connect = node.integer("connect-timeout-ms", DEFAULT_CONNECT_TIMEOUT_MS, 1, 600_000);
        int response = node.integer("response-timeout-ms", DEFAULT_RESPONSE_TIMEOUT_MS, 1, 3_600_000);
        int backoff = node.integer("max-reconnect-backoff-ms", DEFAULT_MAX_RECONNECT_BACKOFF_MS, 1, 600_000);
        int topologyRefresh = DEFAULT_TOPOLOGY_REFRESH_MS;
        if (type == PoolType.REDIS_CLUSTER) {
            topologyRefresh = node.integer("topology-refresh-ms", DEFAULT_TOPOLOGY_REFRESH_MS, 100, 3_600_000);
        } else if (node.has("topology-refresh-ms")) {
            node.problem("topology-refresh-ms", "applies to redis-cluster pools only");
        }
        String aclUser = node.string("tenant-acl-user", DEFAULT_TENANT_ACL_USER);
        if (!aclUser.isEmpty() && !aclUser.matches("[A-Za-z0-9_.:-]+")) {
            node.problem("tenant-acl-user", "'" + aclUser + "' is not a usable ACL user name");
        }
        int scriptLimit = node.integer("script-time-limit-ms",
                Math.min(DEFAULT_SCRIPT_TIME_LIMIT_MS, response / 2), 0, 3_600_000);
        if (scriptLimit >= response) {
            node.problem("script-time-limit-ms", scriptLimit + " must be below response-timeout-ms (" + response
                    + "): a longer script would time out the connections of everyone waiting behind it first");
        }
        boolean dedicated = node.bool("dedicated", false);
        Optional<PoolTls> tls = PoolTls.read(node);
        node.rejectUnknownKeys();
        return new PoolConfig(name, type, nodes, username, password, connections,
                Duration.ofMillis(connect), Duration.ofMillis(response), Duration.ofMillis(backoff),
                aclUser.isEmpty() ? Optional.empty() : Optional.of(aclUser), Duration.ofMillis(topologyRefresh),
                Duration.ofMillis(scriptLimit), dedicated, tls);
    }
}
