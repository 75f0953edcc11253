package io.rkproxy.core.runtime;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code CLIENT PAUSE} per tenant on this proxy node: while a tenant is paused, its sessions hold the commands the
 * pause covers, in order, and are woken when it ends (its timeout, CLIENT UNPAUSE, or the tenant's removal). Only the
 * tenants with a pause in force have an entry, so the check every command makes is one map lookup. Thread-safe: a
 * pause is set on one session's event loop and checked on every other's.
 */
public final class TenantPauses {

    /** What a pause holds, as Redis's {@code CLIENT PAUSE} modes. */
    public enum Mode {
        /** Commands that write or may replicate (PUBLISH, PFCOUNT, EVAL, FCALL, SCRIPT LOAD), and EXEC. */
        WRITE,
        /** Every command. */
        ALL
    }

    private final Map<String, Pause> byTenant = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public TenantPauses(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Pauses {@code tenant} for {@code millis} from now. A pause in force is only ever made longer or stricter, as in
     * Redis: its end is the later of the two, and ALL stays ALL. The timer runs on {@code timers}.
     */
    public void pause(String tenant, long millis, Mode mode, EventLoop timers) {
        long now = nanoClock.getAsLong();
        long until = now + Math.min(TimeUnit.MILLISECONDS.toNanos(millis), Long.MAX_VALUE / 4);
        while (true) {
            Pause current = byTenant.get(tenant);
            if (current == null) {
                Pause fresh = new Pause(tenant, until, mode);
                if (byTenant.putIfAbsent(tenant, fresh) == null) {
                    fresh.scheduleEnd(timers, now);
                    return;
                }
            } else if (current.extend(until, mode, now)) {
                return;
            }
        }
    }

    /** Ends {@code tenant}'s pause, if it has one, and wakes its held sessions. */
    public void unpause(String tenant) {
        Pause current = byTenant.get(tenant);
        if (current != null) {
            current.end();
        }
    }

    /** Whether {@code tenant} has a pause, which may hold its commands: the cheap check before {@link #holds}. */
    public boolean paused(String tenant) {
        return byTenant.containsKey(tenant);
    }

    /**
     * Whether {@code tenant}'s pause holds a command that {@code writes} (or not); if so, {@code wake} runs once the
     * pause ends. One {@code wake} per session: registering it again is a no-op.
     */
    public boolean holds(String tenant, boolean writes, Runnable wake) {
        Pause current = byTenant.get(tenant);
        return current != null && current.hold(writes, wake);
    }

    /**
     * Lets go of a closed session's {@code wake}, so that sessions opened and closed during a long pause do not pile
     * up here.
     */
    public void forget(Runnable wake) {
        byTenant.values().forEach(p -> p.forget(wake));
    }

    private final class Pause {

        private final String tenant;
        private final Set<Runnable> waiting = new LinkedHashSet<>();
        private long until;
        private Mode mode;
        private boolean ended;

        Pause(String tenant, long until, Mode mode) {
            this.tenant = tenant;
            this.until = until;
            this.mode = mode;
        }

        /** False once it ended; a pause whose timer is late counts as over, and the new one replaces it. */
        synchronized boolean extend(long later, Mode stricter, long now) {
            if (ended) {
                return false;
            }
            if (over(now)) {
                mode = stricter;
                until = later;
            } else {
                mode = stricter == Mode.ALL ? Mode.ALL : mode;
                until = Math.max(until, later);
            }
            return true;
        }

        synchronized boolean hold(boolean writes, Runnable wake) {
            if (ended || over(nanoClock.getAsLong()) || mode == Mode.WRITE && !writes) {
                return false;
            }
            waiting.add(wake);
            return true;
        }

        synchronized void forget(Runnable wake) {
            waiting.remove(wake);
        }

        boolean over(long now) {
            return now - until >= 0;
        }

        /** At the end it knew of; a pause made longer meanwhile waits on. */
        void scheduleEnd(EventLoop timers, long now) {
            timers.schedule(() -> {
                long at = nanoClock.getAsLong();
                if (!endIfOver(at)) {
                    scheduleEnd(timers, at);
                }
            }, Math.max(0, left(now)), TimeUnit.NANOSECONDS);
        }

        private synchronized long left(long now) {
            return until - now;
        }

        void end() {
            List<Runnable> woken;
            synchronized (this) {
                if (ended) {
                    return;
                }
                woken = markEnded();
            }
            release(woken);
        }

        /**
         * Ends it if its time is up at {@code now}, deciding and ending under one lock, so that a pause made longer
         * meanwhile is not ended by the shorter one's timer. True when it is over, ended here or before.
         */
        private boolean endIfOver(long now) {
            List<Runnable> woken;
            synchronized (this) {
                if (ended) {
                    return true;
                }
                if (!over(now)) {
                    return false;
                }
                woken = markEnded();
            }
            release(woken);
            return true;
        }

        /** Under the lock: what was waiting on it. */
        private List<Runnable> markEnded() {
            ended = true;
            List<Runnable> woken = new ArrayList<>(waiting);
            waiting.clear();
            return woken;
        }

        private void release(List<Runnable> woken) {
            byTenant.remove(tenant, this);
            woken.forEach(Runnable::run);
        }
    }
}
