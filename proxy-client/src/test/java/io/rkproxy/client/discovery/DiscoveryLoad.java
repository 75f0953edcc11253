package io.rkproxy.client.discovery;

import io.rkproxy.client.jedis.KafkaJedis;
import io.rkproxy.server.FaultRow;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Clients of a {@link DiscoveryKafkaJedisPool} that SET unique keys and GET each back, borrowing a connection for
 * each pair as an application would, while a fault strikes at one instant. Counts what they saw: +OK and the right
 * value, errors (an exception from the pool or the connection) and when, wrong values, replies that did not come
 * within the socket timeout (hung); and keeps the SETs that got OK, for the backend to be checked afterwards.
 */
final class DiscoveryLoad {

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final List<Long> errorNanos = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong okDuringFault = new AtomicLong();
    private volatile long faultNanos;
    private volatile long faultEndedNanos;
    private volatile long recoveredNanos;

    private DiscoveryLoad() {
    }

    /**
     * Runs {@code clients} clients for {@code seconds}; {@code fault} runs {@code faultAfterMs} into the load, and
     * returns when the fault is over.
     */
    static DiscoveryLoad run(DiscoveryKafkaJedisPool pool, int clients, long seconds, long faultAfterMs,
                             Runnable fault) throws Exception {
        DiscoveryLoad load = new DiscoveryLoad();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(CompletableFuture.runAsync(() -> load.drive(pool, client, deadline)));
        }
        Thread.sleep(faultAfterMs);
        load.faultNanos = System.nanoTime();
        fault.run();
        load.faultEndedNanos = System.nanoTime();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(seconds + 60, TimeUnit.SECONDS);
        return load;
    }

    private void drive(DiscoveryKafkaJedisPool pool, int client, long deadline) {
        for (long i = 0; System.nanoTime() < deadline; i++) {
            String key = "fault:" + client + ":" + i;
            String value = "v" + i;
            try (KafkaJedis jedis = pool.getResource()) {
                if (!"OK".equals(jedis.set(key, value))) {
                    wrong.incrementAndGet();
                    continue;
                }
                acknowledged.put(key, value);
                if (value.equals(jedis.get(key))) {
                    succeeded();
                } else {
                    wrong.incrementAndGet();
                }
            } catch (JedisException e) {
                (e.getCause() instanceof SocketTimeoutException ? hung : errors).incrementAndGet();
                synchronized (errorNanos) {
                    errorNanos.add(System.nanoTime());
                }
            }
        }
    }

    private void succeeded() {
        ok.incrementAndGet();
        if (faultNanos != 0 && recoveredNanos == 0) {
            recoveredNanos = System.nanoTime();
        }
        if (faultNanos != 0 && faultEndedNanos == 0) {
            okDuringFault.incrementAndGet();
        }
    }

    /** The SETs that got OK: key to value. */
    Map<String, String> acknowledged() {
        return acknowledged;
    }

    long wrong() {
        return wrong.get();
    }

    long hung() {
        return hung.get();
    }

    /** Successes while the fault ran. */
    long okDuringFault() {
        return okDuringFault.get();
    }

    /** Milliseconds from the fault to the last error; 0 without errors. */
    long errorWindowMs() {
        synchronized (errorNanos) {
            return errorNanos.isEmpty() ? 0
                    : TimeUnit.NANOSECONDS.toMillis(errorNanos.get(errorNanos.size() - 1) - faultNanos);
        }
    }

    /** Errors before the fault, or more than {@code windowMs} after it. */
    long errorsOutside(long windowMs) {
        long window = TimeUnit.MILLISECONDS.toNanos(windowMs);
        synchronized (errorNanos) {
            return errorNanos.stream().filter(at -> at < faultNanos || at - faultNanos > window).count();
        }
    }

    /**
     * The scenario's row: a SET and GET pair is one op; errors outside {@code windowMs} after the fault count as
     * outside; recovery is from the fault to the first success after it, for a fault that is over at once.
     */
    FaultRow row(String scenario, long windowMs, long lost) {
        long recovered = recoveredNanos;
        long recoveryMs = recovered == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(recovered - faultNanos);
        return new FaultRow(scenario, ok.get() + errors.get() + wrong.get(), ok.get(), errors.get(), errorWindowMs(),
                errorsOutside(windowMs), wrong.get(), lost, hung.get(), recoveryMs);
    }
}
