package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend drops every client connection every 300 ms ({@code CLIENT KILL TYPE normal}) while clients keep 64
 * pipelined GETs in flight each. A lost backend connection may cost at most what was in flight on it, and nothing
 * may come back wrong.
 */
class BackendChurnTest {

    static final long SECONDS = FaultRow.seconds(5);
    static final int CLIENTS = 4;
    static final int DEPTH = 64;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}");

    @Test
    void killedBackendConnectionsCostAtMostWhatWasInFlight() throws Exception {
        try (RespSocket setup = proxy.login("alice-secret")) {
            for (int k = 0; k < DEPTH; k++) {
                setup.call("SET", "k" + k, "v" + k);
            }
        }
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        int kills = underChurn(SECONDS, client -> {
            for (int k = 0; k < DEPTH; k++) {
                client.send("GET", "k" + k);
            }
            for (int k = 0; k < DEPTH; k++) {
                String reply = client.read();
                if (reply.equals("v" + k)) {
                    ok.incrementAndGet();
                } else if (reply.startsWith("-")) {
                    errors.incrementAndGet();
                } else {
                    wrong.incrementAndGet();
                }
            }
        });
        long total = ok.get() + errors.get() + wrong.get();
        System.out.printf("backend churn: %d kills, %d ops, %d ok, %d errors (%.3f%%), %d wrong%n", kills, total,
                ok.get(), errors.get(), 100.0 * errors.get() / total, wrong.get());
        System.out.println(new FaultRow("CLIENT KILL churn, 64 GETs in flight x 4", total, ok.get(), errors.get(),
                errors.get() == 0 ? 0 : TimeUnit.SECONDS.toMillis(SECONDS), 0, wrong.get(), 0, 0, 0));
        assertEquals(0, wrong.get());
        assertTrue(errors.get() <= (long) kills * CLIENTS * DEPTH,
                "at most what was in flight when each connection dropped: " + errors.get());
        assertTrue(errors.get() * 100 <= total, "at most 1% errors: " + errors.get() + " of " + total);
    }

    @Test
    void writesCaughtByADropAreNeverSentAgainAndSaySoInTheirError() throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong unknown = new AtomicLong();
        AtomicLong notRun = new AtomicLong();
        underChurn(FaultRow.seconds(3), client -> {
            for (int k = 0; k < DEPTH; k++) {
                client.send("INCR", "counter");
            }
            for (int k = 0; k < DEPTH; k++) {
                String reply = client.read();
                if (reply.startsWith(":")) {
                    ok.incrementAndGet();
                } else if (reply.endsWith("the command may or may not have run")) {
                    unknown.incrementAndGet();
                } else if (reply.startsWith("-ERR backend pool 'cache' is unavailable")) {
                    notRun.incrementAndGet();
                } else {
                    throw new AssertionError("unexpected reply: " + reply);
                }
            }
        });
        long counter = Long.parseLong(proxy.backendCall(1, "GET", "counter"));
        long total = ok.get() + unknown.get() + notRun.get();
        System.out.printf("backend churn, writes: %d INCRs, %d ok, %d outcome unknown, %d not sent, counter %d%n",
                total, ok.get(), unknown.get(), notRun.get(), counter);
        assertTrue(counter >= ok.get() && counter <= ok.get() + unknown.get(),
                "each INCR ran at most once, and none that was told it did not: " + counter);
        assertTrue((unknown.get() + notRun.get()) * 100 <= total, "at most 1% errors");
    }

    /**
     * Runs {@code pipeline} over and over on each of {@link #CLIENTS} connections for {@code seconds}, while the
     * backend drops every client connection every 300 ms; returns how many times it did.
     */
    private static int underChurn(long seconds, Consumer<RespSocket> pipeline) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (RespSocket client = proxy.login("alice-secret")) {
                    client.timeout(10_000);
                    while (System.nanoTime() < deadline) {
                        pipeline.accept(client);
                    }
                }
            }));
        }
        int kills = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            proxy.redis().call("CLIENT", "KILL", "TYPE", "normal");
            kills++;
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return kills;
    }
}
