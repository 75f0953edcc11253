package io.rkproxy.core.metrics;

import java.util.concurrent.atomic.AtomicInteger;

/** A count of things held, taken only while under a limit. Thread-safe, lock-free. */
public final class BoundedGauge {

    private final AtomicInteger held = new AtomicInteger();

    /** Takes one if fewer than {@code max} are held; {@code max} 0 means no limit. */
    public boolean tryAcquire(int max) {
        while (true) {
            int now = held.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (held.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        held.decrementAndGet();
    }

    public int get() {
        return held.get();
    }
}
