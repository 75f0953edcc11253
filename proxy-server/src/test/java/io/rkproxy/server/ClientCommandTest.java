package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;

class ClientCommandTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}");

    @Test
    void clientListShowsOnlyTheTenantsOwnConnections() {
        try (RespSocket a1 = proxy.login("alice-secret"); RespSocket a2 = proxy.login("alice-secret");
             RespSocket b = proxy.login("bob-secret")) {
            a2.call("CLIENT", "SETNAME", "worker-2");
            List<String> lines = a1.call("CLIENT", "LIST").lines().filter(l -> !l.isBlank()).toList();
            assertEquals(2, lines.size(), String.join("\n", lines));
            assertTrue(lines.stream().allMatch(l -> l.contains(" user=alice ")), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains(" name=worker-2 ")));
            assertTrue(lines.stream().noneMatch(l -> l.contains("bob")));
            assertEquals(1, b.call("CLIENT", "LIST").lines().filter(l -> !l.isBlank()).count());
        }
    }

    @Test
    void clientInfoDescribesThisConnection() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("CLIENT", "SETNAME", "me");
            String id = c.call("CLIENT", "ID").substring(1);
            String info = c.call("CLIENT", "INFO");
            assertTrue(info.startsWith("id=" + id + " addr=127.0.0.1:"), info);
            assertTrue(info.contains(" name=me ") && info.contains(" cmd=client ") && info.contains(" user=alice "),
                    info);
        }
    }

    @Test
    void clientKillReachesOnlyTheTenantsOwnConnections() {
        try (RespSocket a1 = proxy.login("alice-secret"); RespSocket a2 = proxy.login("alice-secret");
             RespSocket b = proxy.login("bob-secret")) {
            String bobId = b.call("CLIENT", "ID").substring(1);
            String a2Id = a2.call("CLIENT", "ID").substring(1);
            assertEquals(":0", a1.call("CLIENT", "KILL", "ID", bobId), "another tenant's connection is invisible");
            assertEquals(":0", a1.call("CLIENT", "KILL", "USER", "bob"));
            assertEquals("+PONG", b.call("PING"));
            assertEquals(":1", a1.call("CLIENT", "KILL", "ID", a2Id));
            assertTrue(a2.isClosedByServer());
            assertEquals(":0", a1.call("CLIENT", "KILL", "USER", "alice"), "SKIPME yes is the default");
        }
    }

    @Test
    void clientKillByAddressFindsOnlyOwnConnections() {
        try (RespSocket a1 = proxy.login("alice-secret"); RespSocket b = proxy.login("bob-secret")) {
            String bobAddr = field(b.call("CLIENT", "INFO"), "addr");
            assertEquals("-ERR No such client", a1.call("CLIENT", "KILL", bobAddr));
            try (RespSocket a2 = proxy.login("alice-secret")) {
                String a2Addr = field(a2.call("CLIENT", "INFO"), "addr");
                assertEquals("+OK", a1.call("CLIENT", "KILL", a2Addr));
                assertTrue(a2.isClosedByServer());
            }
        }
    }

    /** As Jedis's own ClientCommandsTest#killSkipmeNo, which reads the count before it sees the connection go. */
    @Test
    void aClientThatKillsItselfGetsTheCountBeforeItsConnectionCloses() {
        try (Jedis other = new Jedis("127.0.0.1", proxy.port()); Jedis killer = new Jedis("127.0.0.1", proxy.port())) {
            other.auth("alice-secret");
            killer.auth("alice-secret");
            assertEquals(2, killer.clientKill(new ClientKillParams().user("alice").skipMe(SkipMe.NO)));
            assertThrows(JedisConnectionException.class, killer::ping);
            assertThrows(JedisConnectionException.class, other::ping);
        }
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("CLIENT", "KILL", field(c.call("CLIENT", "INFO"), "addr")));
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void noEvictIsShownAsRedisShowsItSinceTheProxyEvictsNoClientForMemory() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("CLIENT", "NO-EVICT", "on"));
            assertEquals("e", field(c.call("CLIENT", "INFO"), "flags"));
            assertEquals("+OK", c.call("CLIENT", "NO-EVICT", "OFF"));
            assertEquals("N", field(c.call("CLIENT", "INFO"), "flags"));
            assertTrue(c.call("CLIENT", "NO-EVICT", "maybe").startsWith("-ERR syntax error"));
            assertTrue(c.call("CLIENT", "NO-EVICT").contains("wrong number of arguments"));
        }
    }

    @Test
    void noTouchIsRefusedSinceItWouldMarkASharedBackendConnection() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertTrue(c.call("CLIENT", "NO-TOUCH", "on").contains("is not supported by rkproxy"));
        }
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + line);
    }
}
