package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that pipelines large reads and never reads its replies, next to another tenant on the same pool. */
class SlowReaderTest {

    static final int VALUE_BYTES = 2 * 1024 * 1024;
    static final int PIPELINED = 300;
    static final long MB = 1024 * 1024;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}")
            .withServerKeys("""
                    max-bulk-bytes: 4194304
                    client-output-buffer-soft-bytes: 4194304
                    client-output-buffer-hard-bytes: 33554432
                    client-output-buffer-soft-seconds: 1""");

    private static TenantMeters meters(String tenant) {
        return proxy.runtime().meters().meters(tenant);
    }

    @Test
    void aClientThatDoesNotReadHoldsNoSharedConnectionAndIsClosedAlone() throws Exception {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", alice.call("SET", "big", "x".repeat(VALUE_BYTES)));
            assertEquals("+OK", bob.call("SET", "small", "v"));
            long closedBefore = meters("alice").refusals(Refusal.OUTPUT_BUFFER_LIMIT);
            long getsBefore = backendGets();
            long directBefore = usedDirectMemory();
            long directPeak = 0;
            List<Long> bobNanos = new ArrayList<>();
            try (BackendOutputWatch omem = new BackendOutputWatch("rkproxy-cache-db1")) {
                alice.sendRaw(RespSocket.encode("GET", "big").repeat(PIPELINED));
                long deadline = System.currentTimeMillis() + 20_000;
                while (meters("alice").refusals(Refusal.OUTPUT_BUFFER_LIMIT) == closedBefore) {
                    assertTrue(System.currentTimeMillis() < deadline, "alice's session is still open");
                    long start = System.nanoTime();
                    assertEquals("v", bob.call("GET", "small"));
                    bobNanos.add(System.nanoTime() - start);
                    directPeak = Math.max(directPeak, usedDirectMemory() - directBefore);
                }
                long aliceGets = backendGets() - getsBefore - bobNanos.size();
                Collections.sort(bobNanos);
                System.out.printf("alice's GETs run by the backend: %d of %d; backend omem peak %d MB; proxy direct "
                                + "memory peak +%d MB; bob: %d GETs, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        aliceGets, PIPELINED, omem.peak() / MB, directPeak / MB, bobNanos.size(),
                        millis(bobNanos, 0.5), millis(bobNanos, 0.99), millis(bobNanos, 1.0));
                assertTrue(aliceGets <= 64, "the backend ran " + aliceGets + " of alice's GETs: only as many as "
                        + "the proxy could hold the replies of go out");
                assertTrue(omem.peak() < 32 * MB, "the backend's output buffer for alice's shared connection "
                        + "reached " + omem.peak() + " bytes");
                assertTrue(directPeak < 64 * MB, "the proxy's direct memory grew by " + directPeak + " bytes");
            }
            int read = 0;
            try {
                while (true) {
                    alice.read();
                    read++;
                }
            } catch (UncheckedIOException closed) {
                assertTrue(read < PIPELINED, "alice's connection was closed after " + read + " replies");
            }
            assertEquals("v", bob.call("GET", "small"));
        }
    }

    @Test
    void aReplyPastTheHardLimitClosesTheSessionAtOnce() {
        try (RunningProxy patient = RunningProxy.start(RunningProxy.withServerKeys(RunningProxy.config(
                proxy.redis().address(), "carol: {password: carol-secret, pool: cache, db: 3}"), """
                max-bulk-bytes: 4194304
                client-output-buffer-hard-bytes: 8388608
                client-output-buffer-soft-seconds: 3600"""));
             RespSocket carol = new RespSocket(patient.port())) {
            assertEquals("+OK", carol.call("AUTH", "carol-secret"));
            String value = "c".repeat(4 * 1024 * 1024);
            for (String key : List.of("k1", "k2", "k3")) {
                assertEquals("+OK", carol.call("SET", key, value));
            }
            TenantMeters meters = patient.server().runtime().meters().meters("carol");
            carol.send("MGET", "k1", "k2", "k3");
            Eventually.until(() -> meters.refusals(Refusal.OUTPUT_BUFFER_LIMIT) == 1,
                    "a 12 MB reply closes the session, long before the soft limit's hour is up");
            assertThrows(UncheckedIOException.class, carol::read, "the reply was cut off");
        }
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
    }

    private static long backendGets() {
        String stats = proxy.backendCall(0, "INFO", "commandstats");
        int at = stats.indexOf("cmdstat_get:calls=");
        if (at < 0) {
            return 0;
        }
        int from = at + "cmdstat_get:calls=".length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }

    private static long usedDirectMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    /** Polls the backend's CLIENT LIST, on the backend itself, for the largest omem of the connections named so. */
    private static final class BackendOutputWatch implements AutoCloseable {

        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean stopped;

        BackendOutputWatch(String connectionName) {
            thread = new Thread(() -> {
                try (RespSocket backend = new RespSocket(proxy.redis().port())) {
                    while (!stopped) {
                        for (String client : backend.call("CLIENT", "LIST").split("\n")) {
                            if (client.contains(" name=" + connectionName + " ")) {
                                long omem = Long.parseLong(client.replaceFirst(".* omem=(\\d+) .*", "$1"));
                                peak.accumulateAndGet(omem, Math::max);
                            }
                        }
                    }
                }
            }, "omem-watch");
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join();
        }
    }
}
