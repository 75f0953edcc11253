package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.ProxyProcess;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** rkproxy as a process of its own, stopped by a signal under load, as an operator or a crash would stop it. */
class ProxyNodeFaultsTest {

    private static final int CLIENTS = 4;
    private static final int PIPELINE = 32;
    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1}";
    /**
     * The JVM's exit status after SIGTERM once its shutdown hooks (rkproxy's drain) have run: 128 + 15, as for any
     * JVM; a SIGKILL gives 137.
     */
    private static final int SIGTERM_EXIT = 143;
    /** shutdown-timeout-ms is 5 s: the drain, the closes and the JVM's exit fit well inside this. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(15);

    /**
     * Clients pipeline SETs; redis is paused so that every client has a batch in flight, the proxy gets SIGTERM half a
     * second later, and redis resumes a second after that. Clean means, for every client: each command sent before
     * redis was paused (so the proxy had read it when the SIGTERM came) is answered +OK; every reply read is +OK or an
     * error reply, in order; the connection then ends in end of stream (not a reset, not a timeout); each SET left
     * without a reply was never executed (so it is safe to retry elsewhere); and each acknowledged SET is in redis.
     * The process exits with {@link #SIGTERM_EXIT} in time.
     */
    @Test
    void sigtermUnderLoadDrainsInFlightCommandsAndClosesCleanly() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ProxyProcess proxy = ProxyProcess.start(RunningProxy.config(redis.address(), ALICE)
                     .replace("response-timeout-ms: 1000", "response-timeout-ms: 5000"))) {
            List<PipeliningClient> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                RespSocket socket = new RespSocket(proxy.port());
                assertEquals("+OK", socket.call("AUTH", "alice-secret"));
                PipeliningClient client = new PipeliningClient(c, PIPELINE, socket);
                clients.add(client);
                Thread thread = new Thread(client, "pipelining-" + c);
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(FaultRow.seconds(2)));
            long paused = System.nanoTime();
            redis.pause();
            Thread.sleep(500);
            long sigterm = System.nanoTime();
            proxy.terminate();
            Thread.sleep(1_000);
            redis.resume();
            OptionalInt exit = proxy.awaitExit(EXIT_BOUND);
            long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            for (Thread t : threads) {
                t.join(20_000);
            }

            SigtermOutcome outcome = SigtermOutcome.of(clients, paused, sigterm, keys -> backendGets(redis, keys));
            System.out.println(outcome.row("SIGTERM of the proxy with commands in flight"));
            System.out.println("  " + outcome + ", exit " + exit + " after " + exitMs + " ms");
            outcome.assertClean();
            assertEquals(OptionalInt.of(SIGTERM_EXIT), exit, proxy::log);
        }
    }

    private static List<String> backendGets(RedisServer redis, List<String> keys) {
        try (RespSocket c = new RespSocket(redis.port())) {
            c.call("SELECT", "1");
            return FaultRun.pipelinedGets(c, keys);
        }
    }
}
