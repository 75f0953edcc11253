package io.rkproxy.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting, in tests, for something the proxy does asynchronously. */
final class Eventually {

    private static final long TIMEOUT_MS = 5_000;

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails after five seconds. */
    static void until(BooleanSupplier condition, String what) {
        until(condition, what, Duration.ofMillis(TIMEOUT_MS));
    }

    /** Returns once {@code condition} holds; fails after {@code timeout}. */
    static void until(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
