package io.rkproxy.bench.soak;

import io.rkproxy.testkit.RespSocket;

/**
 * One connection's load: a thread that logs in and repeats its step until stopped. A connection that breaks (or
 * whose reply takes over 10 s) is counted and replaced a second later.
 */
final class StepLoad {

    /** One round of requests on the connection, counted in the meter. */
    interface Step {
        void run(RespSocket connection, Meter meter);
    }

    private static final long RECONNECT_PAUSE_MS = 1_000;

    private final ProxyLogin login;
    private final Meter meter;
    private final Step step;
    private final Thread thread;
    private volatile boolean running = true;

    StepLoad(String threadName, ProxyLogin login, Meter meter, Step step) {
        this.login = login;
        this.meter = meter;
        this.step = step;
        this.thread = new Thread(this::loop, threadName);
    }

    void start() {
        thread.start();
    }

    /** Asks the loop to stop after its current step; {@link #join} waits for it. */
    void stop() {
        running = false;
    }

    void join() throws InterruptedException {
        thread.join(30_000);
    }

    private void loop() {
        while (running) {
            try (RespSocket connection = login.open()) {
                while (running) {
                    step.run(connection, meter);
                }
            } catch (RuntimeException e) {
                if (running) {
                    meter.broken("connection broke: " + e);
                    Pause.millis(RECONNECT_PAUSE_MS);
                }
            }
        }
    }
}
