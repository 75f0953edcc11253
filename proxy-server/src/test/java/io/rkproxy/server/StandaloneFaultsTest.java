package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;

/**
 * Faults of a standalone backend under load, each one row of counted outcomes: nothing may come back wrong, no
 * client may hang, no SET that got +OK may be lost, and serving must come back soon after the fault ends.
 */
class StandaloneFaultsTest {

    static final int CLIENTS = 4;
    static final long SECONDS = FaultRow.seconds(6);

    @Test
    void aBackendStoppedForThreeSecondsCostsErrorsOnlyWhileItIsStopped() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(), ALICE))) {
            FaultRun run = FaultRun.run("SIGSTOP of redis for 3 s", CLIENTS, SECONDS, c -> login(proxy), () -> {
                redis.pause();
                sleep(3_000);
                redis.resume();
            }).lostOf(keys -> FaultRun.redisGets(redis, 1, keys));
            assertUnharmed(run);
        }
    }

    @Test
    void aBackendKilledAndRestartedWithAnAlwaysSyncedLogLosesNoAcknowledgedWrite() throws Exception {
        try (RedisServer redis = RedisServer.start("--appendonly", "yes", "--appendfsync", "always");
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(), ALICE))) {
            FaultRun run = FaultRun.run("SIGKILL and restart (appendfsync always)", CLIENTS, SECONDS,
                    c -> login(proxy), () -> {
                        redis.kill();
                        sleep(1_000);
                        redis.restart();
                    }).lostOf(keys -> FaultRun.redisGets(redis, 1, keys));
            assertUnharmed(run);
        }
    }

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1}";

    private static void assertUnharmed(FaultRun run) {
        System.out.println(run);
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.lost(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < 5_000, run.toString());
    }

    private static RespSocket login(RunningProxy proxy) {
        RespSocket socket = new RespSocket(proxy.port());
        assertEquals("+OK", socket.call("AUTH", "alice-secret"));
        return socket;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
