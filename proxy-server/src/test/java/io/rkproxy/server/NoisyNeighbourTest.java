package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One tenant abuses the proxy the ways a hostile tenant would, for {@link #ABUSE} each, while a well-behaved tenant
 * of the same backend keeps reading and writing. Each run prints the well-behaved tenant's figures. The bounds
 * asserted are loose (the machine is shared and small): they catch a stall or a reset, not a slow millisecond.
 */
class NoisyNeighbourTest {

    static final Duration ABUSE = Duration.ofSeconds(Long.getLong("rkproxy.noisy.seconds", 10));

    /** A stall this long means the abuse reached the well-behaved tenant. */
    static final long STALL_MS = 250;

    /** How long a script may run: a fifth of the response timeout, so a missed turn shows as a stall, not an error. */
    static final long SCRIPT_LIMIT_MS = 200;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "mallory: {password: mallory-secret, pool: cache, db: 2}")
            .withConfig(yaml -> yaml.replace("response-timeout-ms: 1000",
                    "response-timeout-ms: 1000\n    script-time-limit-ms: " + SCRIPT_LIMIT_MS));

    @Test
    void blockingGroupReadsWithBlockFirstDoNotStallOthers() throws Exception {
        try (RespSocket setup = proxy.login("mallory-secret")) {
            setup.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        }
        VictimFigures figures = whileAbusing("XREADGROUP BLOCK before GROUP", deadline -> openUntil(deadline, 50,
                r -> r.send("XREADGROUP", "BLOCK", "2000", "GROUP", "g", "c", "STREAMS", "s", ">")));
        figures.assertUndisturbed();
    }

    @Test
    void aScriptThatNeverEndsStallsOthersAtMostItsTimeLimit() throws Exception {
        VictimFigures figures = whileAbusing("busy script", deadline -> {
            try (RespSocket m = proxy.login("mallory-secret")) {
                m.timeout(10_000);
                while (System.nanoTime() < deadline) {
                    assertTrue(m.call("EVAL", "while true do end", "0").startsWith("-ERR script killed by rkproxy"));
                }
            }
        });
        // A busy Redis takes no command until the script passes its limit, then answers BUSY until the kill lands;
        // the proxy sends the refused commands again, ahead of the killed script's connection. The limit bounds the
        // stall: a command waits out the script it arrived behind, and at worst the next one too.
        assertTrue(figures.maxMs() < 2 * SCRIPT_LIMIT_MS + STALL_MS, figures.toString());
        assertEquals(0, figures.errors(), figures.toString());
    }

    @Test
    void subscribersThatNeverReadLargeMessagesDoNotStallOthers() throws Exception {
        String megabyte = "m".repeat(1024 * 1024);
        VictimFigures figures = whileAbusing("pub/sub, 1 MB messages to subscribers that never read", deadline -> {
            List<RespSocket> subscribers = new ArrayList<>();
            try (RespSocket publisher = proxy.login("mallory-secret")) {
                publisher.timeout(10_000);
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    if (i % 50 == 0) {
                        RespSocket subscriber = proxy.login("mallory-secret");
                        subscriber.send("SUBSCRIBE", "firehose");
                        subscribers.add(subscriber);
                    }
                    publisher.call("PUBLISH", "firehose", megabyte);
                }
            } finally {
                subscribers.forEach(RespSocket::close);
            }
        });
        figures.assertUndisturbed();
    }

    @Test
    void aClientThatPipelinesLargeReadsAndNeverReadsDoesNotStallOthers() throws Exception {
        try (RespSocket setup = proxy.login("mallory-secret")) {
            setup.call("SET", "big", "b".repeat(4 * 1024 * 1024));
        }
        String pipeline = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(1000);
        VictimFigures figures = whileAbusing("1000 pipelined GETs of 4 MB, never read",
                deadline -> openUntil(deadline, 2_000, r -> r.sendRaw(pipeline)));
        figures.assertUndisturbed();
    }

    @Test
    void unauthenticatedPartialCommandsDoNotStallOthers() throws Exception {
        VictimFigures figures = whileAbusing("unauthenticated connections sending partial commands", deadline -> {
            List<RespSocket> peers = new ArrayList<>();
            try {
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < 100; i++) {
                        RespSocket peer = new RespSocket(proxy.port());
                        peer.sendRaw("*3\r\n$3\r\nSET\r\n$16000\r\n" + "x".repeat(15_000));
                        peers.add(peer);
                    }
                    peers.forEach(RespSocket::close);
                    peers.clear();
                }
            } finally {
                peers.forEach(RespSocket::close);
            }
        });
        figures.assertUndisturbed();
    }

    @Test
    void wrongPasswordsFromTheSameAddressDoNotSlowAnotherTenantsLogins() throws Exception {
        long deadline = System.nanoTime() + ABUSE.toNanos();
        CompletableFuture<Void> guessing = CompletableFuture.runAsync(() -> {
            try (RespSocket guesser = new RespSocket(proxy.port())) {
                guesser.timeout(10_000);
                while (System.nanoTime() < deadline) {
                    guesser.call("AUTH", "mallory", "guess");
                    guesser.call("AUTH", "guess");
                }
            }
        });
        VictimFigures figures = new VictimFigures("wrong AUTHs from the same address, alice logging in anew");
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try (RespSocket alice = new RespSocket(proxy.port())) {
                alice.timeout(10_000);
                String auth = alice.call("AUTH", "alice", "alice-secret");
                figures.record(System.nanoTime() - start, auth.equals("+OK") ? alice.call("GET", "k") : auth);
            }
        }
        guessing.get(30, TimeUnit.SECONDS);
        System.out.println("noisy-neighbour " + figures);
        figures.assertUndisturbed();
    }

    @Test
    void requestsPastTheBulkLimitDoNotStallOthers() throws Exception {
        String tooLarge = "$" + (65 * 1024 * 1024) + "\r\n";
        VictimFigures figures = whileAbusing("bulks past max-bulk-bytes", deadline -> {
            while (System.nanoTime() < deadline) {
                try (RespSocket m = proxy.login("mallory-secret")) {
                    m.timeout(10_000);
                    m.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n" + tooLarge);
                    assertTrue(m.read().startsWith("-ERR Protocol error: invalid bulk length"));
                }
            }
        });
        figures.assertUndisturbed();
    }

    /** Runs {@code abuse} until its deadline while alice sets and gets; returns alice's figures. */
    private static VictimFigures whileAbusing(String name, Abuse abuse) throws Exception {
        long deadline = System.nanoTime() + ABUSE.toNanos();
        CompletableFuture<Void> abusing = CompletableFuture.runAsync(() -> abuse.run(deadline));
        VictimFigures figures = new VictimFigures(name);
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.timeout(10_000);
            for (long i = 0; System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                String reply = i % 2 == 0 ? alice.call("SET", "k" + i % 100, "v" + i) : alice.call("GET", "k" + (i - 1) % 100);
                figures.record(System.nanoTime() - start, reply);
            }
        }
        abusing.get(ABUSE.toSeconds() + 30, TimeUnit.SECONDS);
        System.out.println("noisy-neighbour " + figures);
        return figures;
    }

    /**
     * Until the deadline, logs mallory in anew every {@code everyMillis} and has the connection send what
     * {@code abuse} sends, then leaves every connection open (and unread) until the end.
     */
    private static void openUntil(long deadlineNanos, long everyMillis, Consumer<RespSocket> abuse) {
        List<RespSocket> open = new ArrayList<>();
        try {
            while (System.nanoTime() < deadlineNanos) {
                RespSocket mallory = proxy.login("mallory-secret");
                open.add(mallory);
                abuse.accept(mallory);
                sleep(everyMillis);
            }
        } finally {
            open.forEach(RespSocket::close);
        }
    }

    @FunctionalInterface
    interface Abuse {
        void run(long deadlineNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
