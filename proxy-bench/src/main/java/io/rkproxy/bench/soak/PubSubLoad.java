package io.rkproxy.bench.soak;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher and subscribers on one channel. Each message carries the time it was published, so a delivery's
 * latency is publish to arrival. Every message a PUBLISH got a reply for must reach every subscriber: those that
 * have not when the load stops are counted as broken.
 */
final class PubSubLoad {
    private static final long CATCH_UP_MS = 5_000;

    private final ProxyLogin login;
    private final String channel;
    private final Meter meter;
    private final StepLoad publisher;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    PubSubLoad(ProxyLogin login, String channel, int subscriberCount, Meter meter) {
        this.login = login;
        this.channel = channel;
        this.meter = meter;
        for (int i = 0; i < subscriberCount; i++) {
            subscribers.add(new Subscriber("soak-subscriber-" + i));
        }
        this.publisher = new StepLoad("soak-publisher", login, meter, this::publish);
    }

    /** Starts the subscribers, and the publisher once all of them are subscribed. */
    void start() throws InterruptedException {
        subscribers.forEach(Subscriber::start);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.subscribed.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a subscriber could not subscribe in 30 s");
            }
        }
        publisher.start();
    }

    /** Stops publishing, gives the last messages time to arrive, and counts those that never did. */
    void stop() throws InterruptedException {
        publisher.stop();
        publisher.join();
        long expected = published.get() * subscribers.size();
        long deadline = System.currentTimeMillis() + CATCH_UP_MS;
        while (delivered.get() < expected && System.currentTimeMillis() < deadline) {
            Pause.millis(50);
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.stop();
        }
        long missing = expected - delivered.get();
        if (missing > 0) {
            meter.broken(missing, missing + " published message(s) never reached a subscriber");
        }
    }

    private void publish(RespSocket connection, Meter meter) {
        String reply = connection.call("PUBLISH", channel, Long.toString(System.nanoTime()));
        if (reply.startsWith(":")) {
            published.incrementAndGet();
        } else {
            meter.unexpected("the number of receivers", reply);
        }
    }

    /** A connection that subscribes and records every message's latency; its thread ends when it is closed. */
    private final class Subscriber {
        private final Thread thread;
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private volatile RespSocket connection;
        private volatile boolean running = true;

        Subscriber(String name) {
            thread = new Thread(this::listen, name);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            RespSocket open = connection;
            if (open != null) {
                open.close();
            }
            thread.join(10_000);
        }

        private void listen() {
            while (running) {
                try (RespSocket socket = login.open()) {
                    connection = socket;
                    socket.timeout(0);
                    socket.call("SUBSCRIBE", channel);
                    subscribed.countDown();
                    while (running) {
                        receive(socket.read());
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        meter.broken("subscriber connection broke: " + e);
                        Pause.millis(1_000);
                    }
                }
            }
        }

        /** A message is "message", the channel and the payload, one per line. */
        private void receive(String message) {
            String[] parts = message.split("\n");
            if (parts.length == 3 && parts[0].equals("message")) {
                delivered.incrementAndGet();
                meter.ok(1, System.nanoTime() - Long.parseLong(parts[2]));
            } else {
                meter.unexpected("message " + channel + " <time>", message);
            }
        }
    }
}
