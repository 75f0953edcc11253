package io.rkproxy.server;

import java.util.function.BooleanSupplier;

/** Waiting, in tests, for something the proxy does asynchronously. */
final class Eventually {

    private static final long TIMEOUT_MS = 5_000;

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails after five seconds. */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
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
