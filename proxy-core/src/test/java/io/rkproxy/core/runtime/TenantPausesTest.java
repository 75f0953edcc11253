package io.rkproxy.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantPausesTest {

    private static final long MS = 1_000_000;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final TenantPauses pauses = new TenantPauses(clock::get);
    private final EventLoop timers = new DefaultEventLoop();

    @AfterEach
    void stopTimers() {
        timers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    @Test
    void writeModeHoldsWritesOnlyAndOnlyTheTenantPaused() {
        pauses.pause("alice", 60_000, TenantPauses.Mode.WRITE, timers);
        assertTrue(pauses.holds("alice", true, () -> { }));
        assertFalse(pauses.holds("alice", false, () -> { }));
        assertFalse(pauses.holds("bob", true, () -> { }));
    }

    @Test
    void aShorterWritePauseLeavesAnAllPauseInForceAsRedisDoes() {
        pauses.pause("alice", 60_000, TenantPauses.Mode.ALL, timers);
        pauses.pause("alice", 10, TenantPauses.Mode.WRITE, timers);
        clock.addAndGet(1_000 * MS);
        assertTrue(pauses.holds("alice", false, () -> { }), "still ALL, for the longer time");
    }

    @Test
    void aPauseOverWhoseTimerIsLateHoldsNothingAndANewOneReplacesIt() {
        pauses.pause("alice", 100, TenantPauses.Mode.ALL, timers);
        clock.addAndGet(200 * MS);
        assertFalse(pauses.holds("alice", false, () -> { }));
        pauses.pause("alice", 60_000, TenantPauses.Mode.WRITE, timers);
        assertFalse(pauses.holds("alice", false, () -> { }), "WRITE, not the old ALL");
        assertTrue(pauses.holds("alice", true, () -> { }));
    }

    @Test
    void unpauseWakesEachHeldSessionOnceAndForgottenOnesNot() {
        AtomicInteger woken = new AtomicInteger();
        Runnable first = woken::incrementAndGet;
        Runnable closed = () -> woken.addAndGet(100);
        pauses.pause("alice", 60_000, TenantPauses.Mode.ALL, timers);
        assertTrue(pauses.holds("alice", true, first));
        assertTrue(pauses.holds("alice", true, first));
        assertTrue(pauses.holds("alice", true, closed));
        pauses.forget(closed);
        pauses.unpause("alice");
        assertEquals(1, woken.get());
        assertFalse(pauses.paused("alice"));
    }

    @Test
    void theTimerEndsThePauseAndWakesTheHeld() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        TenantPauses realTime = new TenantPauses(System::nanoTime);
        realTime.pause("alice", 50, TenantPauses.Mode.ALL, timers);
        assertTrue(realTime.holds("alice", false, woken::incrementAndGet));
        long deadline = System.nanoTime() + 5_000 * MS;
        while (woken.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, woken.get());
        assertFalse(realTime.paused("alice"));
    }
}
