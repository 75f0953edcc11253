package io.rkproxy.server;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Clients that SET unique keys, and GET back each one that got +OK (or do another {@link Load}), through the proxy
 * while a fault is injected, counting every outcome: ok, an error, a wrong value, no reply at all (hung), errors
 * outside the fault's window (from its start to {@link #GRACE_MS} after its end), and how long after the fault ended
 * the first command succeeded again. The writes that were acknowledged are kept, to be checked on the backend
 * afterwards ({@link #lostOf}).
 */
final class FaultRun {

    /** How long after the fault's end an error still counts as the fault's. */
    static final long GRACE_MS = 2_000;

    private final String scenario;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong outsideWindow = new AtomicLong();
    private volatile long faultStartedNanos;
    private volatile long faultEndedNanos;
    private volatile long lastErrorNanos;
    private volatile long recoveredNanos;
    private long lost;

    private FaultRun(String scenario) {
        this.scenario = scenario;
    }

    /** What one client does until the deadline: commands through the proxy, each reply counted by the run. */
    @FunctionalInterface
    interface Load {
        void drive(FaultRun run, int client, long deadlineNanos);
    }

    /**
     * Runs {@code clients} clients (each made by {@code login}) that SET unique keys and GET each acknowledged one
     * back, for {@code seconds}, with {@code fault} run on this thread meanwhile; {@code fault} returns when the fault
     * is over.
     */
    static FaultRun run(String scenario, int clients, long seconds, IntFunction<RespSocket> login, Runnable fault)
            throws Exception {
        return run(scenario, clients, seconds, setsAndGets(login, 0), fault);
    }

    /**
     * The SET and GET load, on sockets made by {@code login}; it goes on at least {@code tailMs} after the fault's
     * end, for a fault that may outlast the planned load.
     */
    static Load setsAndGets(IntFunction<RespSocket> login, long tailMs) {
        return (run, client, deadline) -> run.setAndGet(login.apply(client), client, deadline, tailMs);
    }

    /**
     * {@link #setsAndGets}, pipelined: each client sends {@code depth} SETs of unique keys, each followed by a GET of
     * its key, then reads the batch's replies, until the deadline.
     */
    static Load pipelinedSetsAndGets(IntFunction<RespSocket> login, int depth) {
        return (run, client, deadline) -> run.pipelinedSetAndGet(login.apply(client), client, deadline, depth);
    }

    /**
     * Runs {@code clients} clients doing {@code load} for {@code seconds}, with {@code fault} run on this thread
     * meanwhile. A client whose reply never comes (an {@link UncheckedIOException} out of its socket) counts as hung
     * and stops.
     */
    static FaultRun run(String scenario, int clients, long seconds, Load load, Runnable fault) throws Exception {
        FaultRun run = new FaultRun(scenario);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> clientsDone = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            clientsDone.add(CompletableFuture.runAsync(() -> {
                try {
                    load.drive(run, client, deadline);
                } catch (UncheckedIOException noReply) {
                    run.hung.incrementAndGet();
                }
            }));
        }
        Thread.sleep(500);
        run.faultStartedNanos = System.nanoTime();
        fault.run();
        run.faultEndedNanos = System.nanoTime();
        CompletableFuture.allOf(clientsDone.toArray(CompletableFuture[]::new)).get(seconds + 60, TimeUnit.SECONDS);
        return run;
    }

    private void setAndGet(RespSocket socket, int client, long deadline, long tailMs) {
        try (socket) {
            socket.timeout(15_000);
            for (long i = 0; goesOn(deadline, tailMs); i++) {
                String key = "fault:" + client + ":" + i;
                String value = "v" + i;
                if (count(socket.call("SET", key, value), "+OK"::equals)) {
                    acknowledged(key, value);
                    count(socket.call("GET", key), value::equals);
                }
            }
        }
    }

    private void pipelinedSetAndGet(RespSocket socket, int client, long deadline, int depth) {
        try (socket) {
            socket.timeout(15_000);
            for (long sent = 0; goesOn(deadline, 0); sent += depth) {
                for (long i = sent; i < sent + depth; i++) {
                    socket.send("SET", "fault:" + client + ":" + i, "v" + i);
                    socket.send("GET", "fault:" + client + ":" + i);
                }
                for (long i = sent; i < sent + depth; i++) {
                    String value = "v" + i;
                    if (count(socket.read(), "+OK"::equals)) {
                        acknowledged("fault:" + client + ":" + i, value);
                    }
                    count(socket.read(), value::equals);
                }
            }
        }
    }

    /**
     * Counts one reply: ok when {@code expected} accepts it, else an error (a '-' reply) or a wrong one. True when
     * it was ok.
     */
    boolean count(String reply, Predicate<String> expected) {
        if (expected.test(reply)) {
            ok.incrementAndGet();
            if (faultEndedNanos != 0 && recoveredNanos == 0) {
                recoveredNanos = System.nanoTime();
            }
            return true;
        }
        if (reply.startsWith("-")) {
            errors.incrementAndGet();
            long now = System.nanoTime();
            lastErrorNanos = now;
            long ended = faultEndedNanos;
            if (faultStartedNanos == 0 || ended != 0 && now - ended > TimeUnit.MILLISECONDS.toNanos(GRACE_MS)) {
                outsideWindow.incrementAndGet();
            }
        } else {
            wrong.incrementAndGet();
        }
        return false;
    }

    /** Remembers an acknowledged write: {@code where} (a key, say) holds {@code value}; see {@link #lostOf}. */
    void acknowledged(String where, String value) {
        acknowledged.put(where, value);
    }

    /**
     * Counts the acknowledged writes whose value {@code readAll} (straight from the backend: the values at the places
     * given, in their order) does not return.
     */
    FaultRun lostOf(Function<List<String>, List<String>> readAll) {
        List<String> keys = new ArrayList<>(acknowledged.keySet());
        List<String> values = readAll.apply(keys);
        lost = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!acknowledged.get(keys.get(i)).equals(values.get(i))) {
                lost++;
            }
        }
        return this;
    }

    /** The values of {@code keys} in db {@code db} of {@code redis}, read straight from it. */
    static List<String> redisGets(RedisServer redis, int db, List<String> keys) {
        try (RespSocket c = new RespSocket(redis.port())) {
            c.call("SELECT", Integer.toString(db));
            return pipelinedGets(c, keys);
        }
    }

    /** The values of {@code keys} read over {@code socket}, pipelined. */
    static List<String> pipelinedGets(RespSocket socket, List<String> keys) {
        List<String> values = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += 1000) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
            batch.forEach(key -> socket.send("GET", key));
            batch.forEach(key -> values.add(socket.read()));
        }
        return values;
    }

    long ok() {
        return ok.get();
    }

    long wrong() {
        return wrong.get();
    }

    long hung() {
        return hung.get();
    }

    long lost() {
        return lost;
    }

    long errorsOutsideTheFault() {
        return outsideWindow.get();
    }

    /** Whether a load goes on: until its deadline, and in any case until {@code tailMs} after the fault's end. */
    boolean goesOn(long deadlineNanos, long tailMs) {
        long ended = faultEndedNanos;
        return System.nanoTime() < deadlineNanos
                || ended == 0 || System.nanoTime() - ended < TimeUnit.MILLISECONDS.toNanos(tailMs);
    }

    /** Milliseconds from the fault's start to the last error; 0 without errors. */
    long errorWindowMs() {
        long last = lastErrorNanos;
        return last == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(last - faultStartedNanos);
    }

    /** Milliseconds from the end of the fault to the first command that succeeded after it; -1 if none did. */
    long recoveryMs() {
        long recovered = recoveredNanos;
        return recovered == 0 ? -1 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(recovered - faultEndedNanos));
    }

    FaultRow row() {
        return new FaultRow(scenario, ok.get() + errors.get() + wrong.get(), ok.get(), errors.get(), errorWindowMs(),
                outsideWindow.get(), wrong.get(), lost, hung.get(), recoveryMs());
    }

    @Override
    public String toString() {
        return row().toString();
    }
}
