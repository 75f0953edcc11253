package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.RespErrors;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant on a cluster pool rotated to a new password with no failed command: a second password while clients move
 * over, the old one removed, and sessions still on it closed only when the operator asks, with PROXY KILL TENANT.
 */
class PasswordRotationTest {

    private static final String ALICE = "alice: {password: alice-old, pool: big}";

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "ops: {password: ops-secret, pool: big, admin: true}", ALICE,
            "bob: {password: bob-secret, pool: big}", "carol: {password: carol-secret, pool: big}");

    @Test
    void aTwoPasswordRotationFailsNoCommand() throws Exception {
        try (RespSocket held = proxy.login("alice-old")) {
            FaultRun run = FaultRun.run("password rotation [old] > [new, old] > [new]", 4, FaultRow.seconds(3),
                    FaultRun.pipelinedSetsAndGets(c -> proxy.login("alice-old"), 16), () -> {
                        rotate("alice: {passwords: [alice-new, alice-old], pool: big}");
                        assertNewSessionWorks("AUTH", "alice-new");
                        assertNewSessionWorks("AUTH", "alice", "alice-old");
                        pause();
                        rotate("alice: {password: alice-new, pool: big}");
                        assertNewSessionWorks("AUTH", "alice", "alice-new");
                        assertRefused("AUTH", "alice-old");
                        assertRefused("AUTH", "alice", "alice-old");
                        pause();
                    }).lostOf(keys -> ClusterFaultsTest.backendGets(proxy.cluster(), keys));
            FaultRow row = run.row();
            System.out.println(row);
            assertTrue(row.ok() > 0, row::toString);
            assertEquals(0, row.errors() + row.wrong() + row.hung() + row.lost(), row::toString);

            assertEquals("+OK", held.call("SET", "held", "still here"), "a session on the old password goes on");
            assertEquals("still here", held.call("GET", "held"));
            try (RespSocket current = proxy.login("alice-new"); RespSocket ops = proxy.login("ops-secret")) {
                Eventually.until(() -> connections("alice") == 2, "only the held and the current session are open");
                assertEquals(":1", ops.call("PROXY", "KILL", "TENANT", "alice", "STALE"));
                assertEquals("-" + RespErrors.credentialRevoked("alice"), held.read());
                assertTrue(held.isClosedByServer());
                assertEquals("+PONG", current.call("PING"), "a session on the new password is not stale");
            }
        } finally {
            rotate(ALICE);
        }
    }

    @Test
    void proxyKillTenantClosesEveryOtherSessionOfTheTenantWithTheReason() {
        try (RespSocket first = proxy.login("bob-secret"); RespSocket second = proxy.login("bob-secret");
             RespSocket carol = proxy.login("carol-secret"); RespSocket ops = proxy.login("ops-secret");
             RespSocket otherOps = proxy.login("ops-secret")) {
            assertEquals(":2", ops.call("PROXY", "KILL", "TENANT", "bob"));
            for (RespSocket bob : new RespSocket[] {first, second}) {
                assertEquals("-" + RespErrors.closedByOperator("bob"), bob.read());
                assertTrue(bob.isClosedByServer());
            }
            assertEquals("+PONG", carol.call("PING"), "another tenant's session is left alone");

            assertEquals(":1", ops.call("PROXY", "KILL", "TENANT", "ops"), "the caller's own session is spared");
            assertEquals("-" + RespErrors.closedByOperator("ops"), otherOps.read());
            assertEquals("+PONG", ops.call("PING"));
            assertEquals(":0", ops.call("PROXY", "KILL", "TENANT", "carol", "STALE"), "carol's password is current");
            assertEquals("-ERR no tenant named 'nobody'", ops.call("PROXY", "KILL", "TENANT", "nobody"));
            assertTrue(ops.call("PROXY", "KILL", "TENANT", "carol", "EVERYONE").startsWith("-ERR unknown subcommand"));
        }
        try (RespSocket carol = proxy.login("carol-secret")) {
            assertTrue(carol.call("PROXY", "KILL", "TENANT", "bob").startsWith("-NOPERM"));
        }
    }

    @Test
    void aKilledSessionBlockedInBlpopIsAnsweredAndClosedAtOnce() {
        try (RespSocket blocked = proxy.login("carol-secret"); RespSocket ops = proxy.login("ops-secret")) {
            blocked.timeout(5_000);
            blocked.send("BLPOP", "empty", "0");
            Eventually.until(() -> proxy.backendCall("carol:empty", "CLIENT", "LIST").contains("cmd=blpop"),
                    "the BLPOP waits on the backend");
            assertEquals(":1", ops.call("PROXY", "KILL", "TENANT", "carol"));
            assertTrue(blocked.read().startsWith("-"), "the BLPOP ends with an error");
            assertEquals("-" + RespErrors.closedByOperator("carol"), blocked.read());
            assertTrue(blocked.isClosedByServer());
        }
    }

    private static void rotate(String alice) {
        proxy.proxy().reload(yaml -> yaml.replaceAll("alice: \\{[^}]*}", alice));
    }

    private static void assertNewSessionWorks(String... auth) {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call(auth), String.join(" ", auth));
            assertEquals("+OK", c.call("SET", "step", String.join(" ", auth)));
            assertEquals(String.join(" ", auth), c.call("GET", "step"));
        }
    }

    private static void assertRefused(String... auth) {
        try (RespSocket c = new RespSocket(proxy.port())) {
            String reply = c.call(auth);
            assertTrue(reply.startsWith("-WRONGPASS"), String.join(" ", auth) + ": " + reply);
        }
    }

    private static long connections(String tenant) {
        return proxy.proxy().server().runtime().meters().meters(tenant).connections().get();
    }

    /** Lets the load run a while under each step's config. */
    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
