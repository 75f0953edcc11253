package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rkproxy.core.runtime.ProxySnapshot;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reloads that remove a tenant, move a tenant to another pool while removing its old one, and change a password,
 * over and over while every tenant pipelines commands. Each command reads the config once, so none of this may
 * close a session as an unexpected error, and the tenant the reloads leave alone sees no error at all. The pools a
 * reload replaces stay open for the test ({@code shutdown-timeout-ms}), so the two snapshots can be swapped back
 * and forth far faster than the file could be reloaded.
 */
class ReloadUnderLoadTest {

    private static final int PIPELINE = 32;
    private static final Duration SWAPPING = Duration.ofSeconds(3);

    private RedisServer redis;
    private RunningProxy proxy;
    private ListAppender<ILoggingEvent> warnings;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        proxy = RunningProxy.start(config(true));
        warnings = new ListAppender<>();
        warnings.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(warnings);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(warnings);
        proxy.close();
        redis.close();
    }

    /**
     * {@code first}: bob exists, carol is on pool {@code side}, dave's password is dave-one. Otherwise bob is gone,
     * pool {@code side} is gone with carol moved to {@code cache}, and dave's password is dave-two.
     */
    private String config(boolean first) {
        String pool = """
                    type: redis
                    nodes: ["%s"]
                    connect-timeout-ms: 500
                    response-timeout-ms: 1000
                """.formatted(redis.address());
        return """
                server:
                  bind: 127.0.0.1
                  port: ${port}
                  shutdown-timeout-ms: 60000
                config:
                  debounce-ms: 10
                pools:
                  cache:
                %s%s
                tenants:
                  alice: {password: alice-secret, pool: cache, db: 1}
                  carol: {password: carol-secret, pool: %s, db: 3}
                  dave: {password: %s, pool: cache, db: 4}
                %s""".formatted(pool, first ? "  side:\n" + pool : "", first ? "side" : "cache",
                first ? "dave-one" : "dave-two", first ? "  bob: {password: bob-secret, pool: cache, db: 2}\n" : "");
    }

    @Test
    void reloadsUnderPipelinedLoadCloseNoSessionUnexpectedlyAndSpareUnchangedTenants() throws Exception {
        ProxySnapshot first = proxy.server().runtime().snapshot();
        write(config(false));
        long generation = generation() + 1;
        Eventually.until(() -> generation() >= generation, "the second config is in force");
        ProxySnapshot second = proxy.server().runtime().snapshot();

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        UnchangedTenant alice = new UnchangedTenant();
        AtomicLong churnedReplies = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (String keys : new String[] {"a", "b"}) {
            clients.add(started(() -> unchanged(keys, running, failures, alice)));
        }
        for (String[] tenant : new String[][] {{"bob-secret"}, {"carol-secret"}, {"dave-one", "dave-two"}}) {
            clients.add(started(() -> churned(tenant, running, failures, churnedReplies)));
        }
        // Reloads as fast as they can come: the two configs' snapshots swapped back and forth, so that any second
        // read of the snapshot on a command's path would see another config than the first.
        long swaps = 0;
        long end = System.nanoTime() + SWAPPING.toNanos();
        while (System.nanoTime() < end) {
            proxy.server().runtime().swap(swaps++ % 2 == 0 ? first : second);
        }
        proxy.server().runtime().swap(second);
        alice.swapsEnded = System.nanoTime();
        running.set(false);
        for (Thread t : clients) {
            t.join(10_000);
        }
        FaultRow aliceRow = alice.row(lostOf(alice.acknowledged));
        System.out.println(aliceRow);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(alice.ok.get() > 0 && churnedReplies.get() > 0, "the clients ran");
        assertEquals(0, aliceRow.lost(), aliceRow::toString);
        List<String> unexpected = warnings.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("unexpected"))
                .toList();
        assertEquals(List.of(), unexpected, "no session is closed as an unexpected error (" + swaps + " swaps)");
    }

    /** alice is in every config unchanged: every reply is the right one, and her connection stays. */
    private void unchanged(String keys, AtomicBoolean running, ConcurrentLinkedQueue<String> failures,
                           UnchangedTenant alice) {
        try (RespSocket connection = new RespSocket(proxy.port())) {
            connection.timeout(10_000);
            connection.call("AUTH", "alice-secret");
            for (long n = 0; running.get(); n++) {
                String value = Long.toString(n);
                for (int i = 0; i < PIPELINE; i++) {
                    connection.send("SET", keys + i, value);
                    connection.send("GET", keys + i);
                }
                for (int i = 0; i < PIPELINE; i++) {
                    if (alice.count(failures, "alice SET", "+OK", connection.read())) {
                        alice.acknowledged.put(keys + i, value);
                    }
                    alice.count(failures, "alice GET", value, connection.read());
                }
            }
        } catch (RuntimeException e) {
            alice.errors.incrementAndGet();
            failures.add("alice: " + e);
        }
    }

    /** What alice's clients saw, as the row chaos.sh gathers; an error or a failed connection counts as an error. */
    private static final class UnchangedTenant {

        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        volatile long swapsEnded;
        volatile long recovered;

        /** Counts one reply; true when it was the expected one. */
        boolean count(ConcurrentLinkedQueue<String> failures, String what, String expected, String actual) {
            if (expected.equals(actual)) {
                ok.incrementAndGet();
                if (swapsEnded != 0 && recovered == 0) {
                    recovered = System.nanoTime();
                }
                return true;
            }
            (actual.startsWith("-") ? errors : wrong).incrementAndGet();
            failures.add(what + ": expected " + expected + " but got " + actual);
            return false;
        }

        /** No error is allowed at any time, so every error is outside the window. */
        FaultRow row(long lost) {
            long recoveryMs = recovered == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(recovered - swapsEnded);
            return new FaultRow("reload under load: the unchanged tenant", ok.get() + errors.get() + wrong.get(),
                    ok.get(), errors.get(), 0, errors.get(), wrong.get(), lost, 0, recoveryMs);
        }
    }

    /** How many of alice's acknowledged SETs (key to the last value) db 1 does not hold. */
    private long lostOf(Map<String, String> acknowledged) {
        try (RespSocket direct = new RespSocket(redis.port())) {
            direct.call("SELECT", "1");
            List<String> keys = new ArrayList<>(acknowledged.keySet());
            List<String> values = FaultRun.pipelinedGets(direct, keys);
            return IntStream.range(0, keys.size()).filter(i -> !values.get(i).equals(acknowledged.get(keys.get(i))))
                    .count();
        }
    }

    /**
     * A tenant the reloads remove, move or re-key: a reply is the command's own, or the error that explains why the
     * session ends (its tenant was removed), followed by the connection's close. A close without that error is a
     * failure; a new password ends no session.
     */
    private void churned(String[] passwords, AtomicBoolean running, ConcurrentLinkedQueue<String> failures,
                         AtomicLong replies) {
        int attempt = 0;
        while (running.get()) {
            String password = passwords[attempt++ % passwords.length];
            try (RespSocket c = new RespSocket(proxy.port())) {
                c.timeout(10_000);
                if (!c.call("AUTH", password).equals("+OK")) {
                    continue;
                }
                boolean explained = false;
                try {
                    while (running.get() && !explained) {
                        for (int i = 0; i < PIPELINE; i++) {
                            c.send("SET", "c" + i, "v");
                        }
                        for (int i = 0; i < PIPELINE && !explained; i++) {
                            String reply = c.read();
                            explained = reply.contains("no longer exists");
                            if (!explained && !reply.equals("+OK") && !reply.contains("not answered yet")
                                    && !reply.contains("is closing")) {
                                failures.add(password + ": unexpected reply " + reply);
                            }
                            replies.incrementAndGet();
                        }
                    }
                } catch (UncheckedIOException e) {
                    if (!explained) {
                        failures.add(password + ": connection closed without a reason: " + e.getCause());
                    }
                }
            } catch (RuntimeException e) {
                failures.add(password + ": " + e);
            }
        }
    }

    private static Thread started(Runnable client) {
        Thread t = new Thread(client, "reload-load-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private long generation() {
        return proxy.server().admin().lastAccepted().generation();
    }

    private void write(String yaml) {
        Path file = proxy.configFile();
        try {
            String text = yaml.replace("${port}", Integer.toString(proxy.port()));
            Path temp = file.resolveSibling("rkproxy.yaml.tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
