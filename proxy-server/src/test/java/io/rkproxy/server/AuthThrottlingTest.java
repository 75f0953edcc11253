package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.runtime.AuthFailures;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed AUTHs count per client address and the tenant they name: past {@code auth-max-failures} (10 here, the
 * default) an AUTH of that pair waits {@code auth-failure-delay-ms}, and is then checked, so nobody is locked out.
 * Each test sends from its own loopback address, since failures are remembered for a minute.
 */
class AuthThrottlingTest {

    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";
    private static final int MAX_FAILURES = 10;
    private static final long DELAY_MS = 300;

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1}";
    private static final String BOB = "bob: {password: bob-secret, pool: cache, db: 2}";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(ALICE, BOB)
            .withServerKeys("auth-failure-delay-ms: " + DELAY_MS);

    private static AuthFailures failures() {
        return proxy.runtime().authenticator().failures();
    }

    /** {@code count} wrong passwords from {@code from}: as {@code AUTH user guess}, or {@code AUTH guess} for null. */
    private static void fail(String from, String user, int count) {
        try (RespSocket c = new RespSocket(proxy.port(), from)) {
            for (int i = 0; i < count; i++) {
                assertEquals(WRONGPASS, user == null ? c.call("AUTH", "guess" + i) : c.call("AUTH", user, "guess" + i));
            }
        }
    }

    @Test
    void failuresNamingOneTenantDoNotSlowAnotherTenantsLoginFromTheSameAddress() {
        String from = "127.0.0.11";
        fail(from, "bob", MAX_FAILURES + 2);
        long delayed = failures().delayedAttempts();
        assertTrue(failures().recent(100).contains(new AuthFailures.Recent(from, "bob", MAX_FAILURES + 2, true)),
                "bob is past the limit at this address: " + failures().recent(100));
        try (RespSocket alice = new RespSocket(proxy.port(), from)) {
            assertEquals("+OK", alice.call("AUTH", "alice", "alice-secret"));
            assertEquals("+OK", alice.call("AUTH", "alice-secret"));
            assertTrue(alice.call("HELLO", "3", "AUTH", "alice", "alice-secret").contains("proto"));
            assertEquals("+OK", alice.call("SET", "k", "v"));
        }
        assertEquals(delayed, failures().delayedAttempts(), "none of alice's logins waited");
    }

    @Test
    void pastTheLimitATenantsOwnRightPasswordStillGetsInAfterAShortDelay() {
        String from = "127.0.0.12";
        fail(from, "bob", MAX_FAILURES);
        long delayed = failures().delayedAttempts();
        try (RespSocket bob = new RespSocket(proxy.port(), from)) {
            long start = System.nanoTime();
            assertEquals("+OK", bob.call("AUTH", "bob", "bob-secret"), "no lockout");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= DELAY_MS,
                    "the AUTH waited out auth-failure-delay-ms");
            assertEquals(delayed + 1, failures().delayedAttempts());
            assertEquals("+OK", bob.call("SET", "k", "v"));
            assertEquals(WRONGPASS, bob.call("AUTH", "bob", "guess"), "a wrong one past the limit is still wrong");
            assertEquals("v", bob.call("GET", "k"), "and leaves the session as it was");
        }
        try (RespSocket bob = new RespSocket(proxy.port(), from)) {
            assertEquals("+OK", bob.call("AUTH", "bob-secret"), "a password alone is counted apart");
        }
        assertEquals(delayed + 2, failures().delayedAttempts());
    }

    @Test
    void wrongPasswordsThatNameNoTenantSlowOnlyPasswordOnlyLoginsFromThatAddress() {
        String from = "127.0.0.13";
        fail(from, null, MAX_FAILURES);
        long delayed = failures().delayedAttempts();
        try (RespSocket c = new RespSocket(proxy.port(), from)) {
            assertEquals("+OK", c.call("AUTH", "alice", "alice-secret"), "naming the tenant");
            assertEquals(delayed, failures().delayedAttempts());
            assertEquals("+OK", c.call("AUTH", "default", "bob-secret"), "the user default is a password alone");
            assertEquals(delayed + 1, failures().delayedAttempts());
            assertEquals("+OK", c.call("AUTH", "alice-secret"), "a right password alone gets in after the delay");
            assertEquals(delayed + 2, failures().delayedAttempts());
        }
        try (RespSocket c = new RespSocket(proxy.port(), "127.0.0.14")) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"), "from another address");
        }
        assertEquals(delayed + 2, failures().delayedAttempts());
    }

    @Test
    void commandsPipelinedBehindADelayedAuthWaitForItAndRunAuthenticated() {
        String from = "127.0.0.15";
        fail(from, "bob", MAX_FAILURES);
        String big = "x".repeat(20_000);
        try (RespSocket bob = new RespSocket(proxy.port(), from)) {
            bob.sendRaw(RespSocket.encode("AUTH", "bob", "bob-secret") + RespSocket.encode("SET", "big", big)
                    + "GET big\r\n" + RespSocket.encode("DEL", "big"));
            assertEquals("+OK", bob.read());
            assertEquals("+OK", bob.read(), "framed with the limits of an authenticated client");
            assertEquals(big, bob.read());
            assertEquals(":1", bob.read());
        }
    }

    @Test
    void aDelayedAuthHoldsUpNoOtherConnection() throws IOException {
        try (RunningProxy node = RunningProxy.start(RunningProxy.config(proxy.redis().address(), ALICE, BOB)
                .replace("  port: ${port}", "  port: ${port}\n  io-threads: 1\n  auth-failure-delay-ms: 2000"));
             RespSocket alice = new RespSocket(node.port());
             RespSocket bob = new RespSocket(node.port())) {
            assertEquals("+OK", alice.call("AUTH", "alice-secret"));
            for (int i = 0; i < MAX_FAILURES; i++) {
                assertEquals(WRONGPASS, bob.call("AUTH", "bob", "guess" + i));
            }
            bob.send("AUTH", "bob", "bob-secret");
            Eventually.until(() -> node.server().runtime().authenticator().failures().delayedAttempts() == 1,
                    "bob's AUTH waits");
            assertEquals("PONG", alice.call("ECHO", "PONG"), "alice is served on the same, single event loop");
            assertEquals(0, bob.input().available(), "while bob's AUTH still waits");
            assertEquals("+OK", bob.read());
        }
    }
}
