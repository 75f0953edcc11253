package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The file source: an edited config file is picked up, validated whole and swapped in without a restart. */
class FileReloadTest {

    private static final String TENANTS = """
              alice: {password: alice-secret, pool: cache, db: 1}
              bob: {password: bob-secret, pool: cache, db: 2}
            """;

    private RedisServer redis;
    private RunningProxy proxy;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        proxy = RunningProxy.start(RunningProxy.config(redis.address()) + TENANTS
                + "config:\n  debounce-ms: 20\n");
    }

    @AfterEach
    void stop() {
        proxy.close();
        redis.close();
    }

    @Test
    void newReadOnlyFlagBitesLiveSessionsAtTheirNextCommand() {
        try (RespSocket alice = login("alice-secret")) {
            assertEquals("+OK", alice.call("SET", "k", "1"));
            long generation = generation();
            proxy.edit(yaml -> yaml.replace("alice: {password: alice-secret, pool: cache, db: 1}",
                    "alice: {password: alice-secret, pool: cache, db: 1, read-only: true}"));
            awaitGeneration(generation + 1);
            assertTrue(alice.call("SET", "k", "2").startsWith("-NOPERM"), "the same connection is now read-only");
            assertEquals("1", alice.call("GET", "k"));
        }
    }

    @Test
    void aReplacedPasswordLeavesOpenSessionsAloneAndOnlyTheNewOneAuthenticates() {
        try (RespSocket alice = login("alice-secret")) {
            long generation = generation();
            proxy.edit(yaml -> yaml.replace("password: alice-secret", "password: alice-new-secret"));
            awaitGeneration(generation + 1);
            assertEquals("+PONG", alice.call("PING"), "as in Redis, a changed password ends no open session");
        }
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertTrue(c.call("AUTH", "alice-secret").startsWith("-WRONGPASS"));
            assertEquals("+OK", c.call("AUTH", "alice-new-secret"));
        }
    }

    @Test
    void aRemovedTenantsSessionsAreClosedAtTheReloadIdleSubscribedAndBlockedOnesIncluded() {
        try (RespSocket idle = login("bob-secret"); RespSocket subscribed = login("bob-secret");
             RespSocket blocked = login("bob-secret"); RespSocket alice = login("alice-secret")) {
            assertTrue(subscribed.call("SUBSCRIBE", "news").contains("subscribe"));
            blocked.send("BLPOP", "queue", "0");
            long generation = generation();
            proxy.edit(yaml -> yaml.replace("  bob: {password: bob-secret, pool: cache, db: 2}\n", ""));
            awaitGeneration(generation + 1);

            for (RespSocket bob : List.of(idle, subscribed, blocked)) {
                bob.timeout(5_000);
                String reply = bob.read();
                if (bob == blocked && !reply.contains("no longer exists")) {
                    reply = bob.read(); // the BLPOP is ended first, with its own error
                }
                assertTrue(reply.contains("no longer exists"), reply);
                assertTrue(bob.isClosedByServer());
            }
            assertEquals("+PONG", alice.call("PING"), "another tenant's session is left alone");
        }
    }

    @Test
    void invalidFileIsRejectedAndTheLastGoodConfigKeepsServing() {
        try (RespSocket alice = login("alice-secret")) {
            long generation = generation();
            proxy.edit(yaml -> yaml.replace("pool: cache, db: 2", "pool: nowhere, db: 2"));
            Eventually.until(() -> !proxy.server().admin().lastLoad().accepted(), "the bad file is seen");
            ConfigLoadStatus load = proxy.server().admin().lastLoad();
            assertEquals(generation, load.generation());
            assertTrue(load.problems().toString().contains("no redis pool named 'nowhere'"), load.problems()::toString);
            assertEquals("+OK", alice.call("SET", "k", "v"), "the old config keeps serving");
            try (RespSocket bob = login("bob-secret")) {
                assertEquals("+PONG", bob.call("PING"));
            }
        }
    }

    @Test
    void unchangedPoolKeepsItsConnectionsAndAMovedPoolGetsNewOnes() throws Exception {
        BackendPool before = proxy.server().runtime().snapshot().pool("cache");
        long generation = generation();
        proxy.edit(yaml -> yaml.replace("bob: {password: bob-secret, pool: cache, db: 2}",
                "bob: {password: bob-secret, pool: cache, db: 3}"));
        awaitGeneration(generation + 1);
        assertSame(before, proxy.server().runtime().snapshot().pool("cache"), "a tenant change keeps the pool");

        try (RedisServer other = RedisServer.start(); RespSocket alice = login("alice-secret")) {
            assertEquals("+OK", alice.call("SET", "where", "old"));
            proxy.edit(yaml -> yaml.replace(redis.address(), other.address()));
            awaitGeneration(generation + 2);
            assertNotSame(before, proxy.server().runtime().snapshot().pool("cache"));
            assertEquals("(nil)", alice.call("GET", "where"), "the live session now reaches the new node");
            assertEquals("+OK", alice.call("SET", "where", "new"));
            try (RespSocket direct = new RespSocket(other.port())) {
                direct.call("SELECT", "1");
                assertEquals("new", direct.call("GET", "where"));
            }
            proxy.edit(yaml -> yaml.replace(other.address(), redis.address()));
            awaitGeneration(generation + 3);
        }
    }

    @Test
    void reloadOnDemandReportsTheOutcome() {
        ConfigLoadStatus load = proxy.server().admin().reload("test");
        assertTrue(load.accepted());
        assertEquals("test", load.trigger());
        assertTrue(load.source().startsWith("file "), load.source());
        assertFalse(load.problems().iterator().hasNext());
    }

    private RespSocket login(String password) {
        RespSocket c = new RespSocket(proxy.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }

    private long generation() {
        return proxy.server().admin().lastAccepted().generation();
    }

    private void awaitGeneration(long generation) {
        Eventually.until(() -> generation() >= generation, "generation " + generation + " is in force");
    }
}
