package io.rkproxy.core.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Logs one kind of event at most once per interval, with how many happened since the last line, so that a flood of
 * them (connections refused during an attack, say) cannot flood the log. Thread-safe.
 */
public final class SampledLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextLineNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unreported = new AtomicLong();

    public SampledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** One event; {@code line} describes it, and is built only when a line is written. */
    public void event(Supplier<String> line) {
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLineNanos.get();
        if (now - next >= 0 && nextLineNanos.compareAndSet(next, now + intervalNanos)) {
            log.warn("{} ({} such since the last line)", line.get(), unreported.getAndSet(0));
        }
    }
}
