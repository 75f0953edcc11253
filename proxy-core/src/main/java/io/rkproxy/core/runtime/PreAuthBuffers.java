package io.rkproxy.core.runtime;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's budget for the memory its unauthenticated connections hold for input not framed yet
 * ({@code max-unauthenticated-buffer-bytes}). Thread-safe.
 */
public final class PreAuthBuffers {

    public static final String FULL = "ERR the buffer for unauthenticated input is full, closing the connection";
    private static final Logger log = LoggerFactory.getLogger(PreAuthBuffers.class);

    private final long budget;
    private final AtomicLong held = new AtomicLong();
    private final LongAdder closed = new LongAdder();
    private final SampledLog closings = new SampledLog(log, Duration.ofSeconds(10));

    PreAuthBuffers(long budget) {
        this.budget = budget;
    }

    /** Charges {@code bytes} more to the budget; false, and nothing charged, when they do not fit. */
    public boolean tryCharge(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > budget) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** A connection from {@code address} is closed because its input did not fit. */
    public void closing(InetAddress address) {
        closed.increment();
        closings.event(() -> "closed an unauthenticated connection from " + ClientAddress.show(address)
                + ": max-unauthenticated-buffer-bytes (" + budget + ") reached");
    }

    /** Bytes charged now. */
    public long held() {
        return held.get();
    }

    /** Connections closed since the start because their input did not fit. */
    public long closed() {
        return closed.sum();
    }
}
