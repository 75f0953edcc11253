package io.rkproxy.client.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting, in tests, for what the proxy or ZooKeeper do asynchronously. */
public final class Eventually {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails after a while. */
    public static void until(BooleanSupplier condition, String what) {
        present(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), what);
    }

    /** The first value {@code attempt} gives; fails after a while. */
    public static <T> T present(Supplier<Optional<T>> attempt, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Optional<T> value = attempt.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
