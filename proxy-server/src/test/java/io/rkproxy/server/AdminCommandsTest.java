package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PROXY and USE for tenants with {@code admin: true}; NOPERM for everyone else. */
class AdminCommandsTest {

    private static RedisServer redis;
    private static RedisServer other;
    private static RunningProxy proxy;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        other = RedisServer.start();
        proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                "ops: {password: ops-secret, pool: cache, db: 0, admin: true}",
                "alice: {password: alice-secret, pool: cache, db: 1}")
                .replace("tenants:", "  other:\n    type: redis\n    nodes: [\"" + other.address() + "\"]\ntenants:")
                .replace("  port: ${port}", "  port: ${port}\n  slowlog-log-slower-than-us: 0\n"
                        + "  big-request-bytes: 1000\n  big-reply-bytes: 1000"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        other.close();
        redis.close();
    }

    @Test
    void nonAdminTenantGetsNopermForProxyAndUse() {
        try (RespSocket alice = login("alice-secret")) {
            assertEquals("-NOPERM this user has no permissions to run the 'proxy' command",
                    alice.call("PROXY", "TENANTS"));
            assertEquals("-NOPERM this user has no permissions to run the 'use' command", alice.call("USE", "other"));
        }
    }

    @Test
    void proxyTenantsListsEveryTenantWithoutPasswords() {
        try (RespSocket ops = login("ops-secret")) {
            String tenants = ops.call("PROXY", "TENANTS");
            assertTrue(tenants.contains("alice") && tenants.contains("ops"), tenants);
            assertTrue(tenants.contains("db 1"), tenants);
            assertFalse(tenants.contains("secret"), "no password in the reply: " + tenants);
        }
    }

    @Test
    void proxyStatsCountATenantsFailedAuths() {
        try (RespSocket guesser = new RespSocket(proxy.port())) {
            for (int i = 0; i < 2; i++) {
                assertTrue(guesser.call("AUTH", "alice", "guess" + i).startsWith("-WRONGPASS"));
            }
        }
        try (RespSocket ops = login("ops-secret")) {
            String alice = ops.call("PROXY", "STATS", "alice");
            assertTrue(alice.contains("auth-failures\n:2"), alice);
        }
    }

    @Test
    void proxyNodesPoolsAndConfigDescribeTheNode() {
        try (RespSocket ops = login("ops-secret")) {
            String nodes = ops.call("PROXY", "NODES");
            assertTrue(nodes.contains(proxy.server().runtime().nodeId()), nodes);
            assertTrue(nodes.contains("127.0.0.1:" + proxy.port()), nodes);
            String pools = ops.call("PROXY", "POOLS");
            assertTrue(pools.contains("cache") && pools.contains(other.address()), pools);
            String config = ops.call("PROXY", "CONFIG");
            assertTrue(config.contains("file " + proxy.configFile()) && config.contains("last-accepted"), config);
            assertTrue(ops.call("PROXY", "NOSUCH").startsWith("-ERR unknown subcommand"));
        }
    }

    @Test
    void proxyReloadLoadsTheConfigAndReportsTheNewGeneration() {
        try (RespSocket ops = login("ops-secret")) {
            long before = proxy.server().admin().lastAccepted().generation();
            String reply = ops.call("PROXY", "RELOAD");
            assertTrue(reply.contains("PROXY RELOAD"), reply);
            assertEquals(before + 1, proxy.server().admin().lastAccepted().generation());
        }
    }

    @Test
    void proxyStatsCountsCommandsByNameErrorsByKindAndBigPayloads() {
        TenantMeters meters = proxy.server().runtime().meters().meters("alice");
        long bigRequests = meters.bigRequests();
        long bigReplies = meters.bigReplies();
        try (RespSocket alice = login("alice-secret"); RespSocket ops = login("ops-secret")) {
            assertEquals("+OK", alice.call("SET", "s", "x".repeat(2000)));
            assertEquals(2000, alice.call("GET", "s").length());
            assertTrue(alice.call("LPUSH", "s", "v").startsWith("-WRONGTYPE"));
            String stats = ops.call("PROXY", "STATS", "alice");
            List<String> lines = stats.lines().toList();
            assertEquals(":1", after(lines, "lpush"), stats);
            assertTrue(Long.parseLong(after(lines, "WRONGTYPE").substring(1)) >= 1, stats);
            assertTrue(ops.call("PROXY", "STATS", "nobody").startsWith("-ERR no tenant named 'nobody'"));
        }
        assertEquals(bigRequests + 1, meters.bigRequests(), "the 2000-byte SET");
        assertEquals(bigReplies + 1, meters.bigReplies(), "the 2000-byte GET reply");
        assertTrue(meters.latency().snapshot().count() >= 3);
    }

    @Test
    void proxySlowlogKeepsCommandTenantPoolAndTruncatedArguments() {
        try (RespSocket alice = login("alice-secret"); RespSocket ops = login("ops-secret")) {
            assertEquals("+OK", alice.call("SET", "slow-key", "v".repeat(500)));
            String slowlog = ops.call("PROXY", "SLOWLOG", "5");
            assertTrue(slowlog.contains("slow-key"), slowlog);
            assertTrue(slowlog.contains("v".repeat(64) + "... (436 more bytes)"), slowlog);
            assertTrue(slowlog.contains("alice") && slowlog.contains("cache"), slowlog);
            assertTrue(ops.call("PROXY", "SLOWLOG", "x").startsWith("-ERR value is out of range"));
        }
    }

    @Test
    void useSwitchesThePoolOfThisConnectionOnly() {
        other.call("SET", "on-other", "yes");
        try (RespSocket ops = login("ops-secret"); RespSocket second = login("ops-secret")) {
            assertEquals("(nil)", ops.call("GET", "on-other"));
            assertEquals("+OK", ops.call("USE", "other"));
            assertEquals("yes", ops.call("GET", "on-other"));
            assertEquals("(nil)", second.call("GET", "on-other"), "other connections stay on the tenant's pool");
            assertTrue(ops.call("USE", "nowhere").startsWith("-ERR no redis pool named 'nowhere'"));
            assertEquals("+OK", ops.call("USE", "cache"));
            assertEquals("(nil)", ops.call("GET", "on-other"));
        }
    }

    private static RespSocket login(String password) {
        RespSocket c = new RespSocket(proxy.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }

    /** The line after {@code key} in a flattened map reply. */
    private static String after(List<String> lines, String key) {
        int i = lines.indexOf(key);
        assertTrue(i >= 0 && i + 1 < lines.size(), key + " in " + lines);
        return lines.get(i + 1);
    }
}
