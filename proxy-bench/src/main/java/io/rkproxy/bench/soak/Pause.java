package io.rkproxy.bench.soak;

/** Sleeps that give up quietly when interrupted, keeping the interrupt for the caller's loop to see. */
final class Pause {
    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
