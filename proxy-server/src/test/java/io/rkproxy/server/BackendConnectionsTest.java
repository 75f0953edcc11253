package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendConnectionsTest {

    @Test
    void manyClientsShareAFewMultiplexedBackendConnections() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("  port: ${port}", "  port: ${port}\n  io-threads: 2"))) {
            List<RespSocket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    RespSocket c = new RespSocket(proxy.port());
                    clients.add(c);
                    assertEquals("+OK", c.call("AUTH", "alice-secret"));
                    assertEquals("+OK", c.call("SET", "k" + i, "v"));
                }
                long proxyConnections = redis.call("CLIENT", "LIST").lines()
                        .filter(l -> l.contains("name=rkproxy-cache-db1")).count();
                assertTrue(proxyConnections >= 1 && proxyConnections <= 2,
                        "one connection per I/O thread for 50 clients, got " + proxyConnections);
            } finally {
                clients.forEach(RespSocket::close);
            }
        }
    }

    @Test
    void backendPasswordIsSentWhenEachConnectionIsPrepared() {
        try (RedisServer redis = RedisServer.start("--requirepass", "backend-secret");
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("    connect-timeout-ms: 500", "    password: backend-secret\n    connect-timeout-ms: 500"));
             RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+OK", c.call("SET", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
            assertEquals("v", c.call("EVAL", "return redis.call('get', KEYS[1])", "1", "k"),
                    "the tenant ACL user got a password derived from the pool's");
        }
    }

    @Test
    void withoutATenantAclUserScriptsAreRefused() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("    connect-timeout-ms: 500", "    tenant-acl-user: \"\"\n    connect-timeout-ms: 500"));
             RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertTrue(c.call("EVAL", "return 1", "0").contains("scripts need the pool's tenant ACL user"));
            assertEquals("+OK", c.call("SET", "k", "v"));
        }
    }

    @Test
    void wrongBackendPasswordFailsCommandsWithTheReason() {
        try (RedisServer redis = RedisServer.start("--requirepass", "backend-secret");
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("    connect-timeout-ms: 500", "    password: wrong\n    connect-timeout-ms: 500"));
             RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            String reply = c.call("GET", "k");
            assertTrue(reply.startsWith("-ERR backend pool 'cache' is unavailable"), reply);
        }
    }
}
