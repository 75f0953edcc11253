package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A Kafka pool's consumer threads: at most {@code consumer-threads} of them, however many consumers its clients
 * open. A consumer belongs to one thread for its whole life (a KafkaConsumer may not be used by two threads), and
 * each thread polls the consumers it owns in turn without waiting on any. When none had records the thread rests
 * before the next round: {@link #MIN_REST_NANOS} at first, twice as long after each empty round up to
 * {@link #MAX_REST_NANOS}, and a client that finds a consumer's buffer low or empty wakes it at once. A fetch that
 * is on its way when a round ends is read in a later round, so a short first rest keeps records flowing, and
 * idle consumers still cost little CPU.
 */
final class ConsumerThreads {

    static final long MIN_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int max;
    private final ThreadFactory factory;
    private final List<Poller> threads = new ArrayList<>();
    private volatile boolean exiting;

    ConsumerThreads(String pool, int max) {
        this.max = max;
        this.factory = new DefaultThreadFactory("rkproxy-consumer-" + pool, true);
    }

    /** Gives {@code consumer} to the least busy thread, starting a new one while there are fewer than the maximum. */
    synchronized void start(GroupConsumer consumer) {
        Poller least = threads.stream().min(Comparator.comparingInt(Poller::load)).orElse(null);
        if (least == null || least.load() > 0 && threads.size() < max) {
            least = new Poller();
            threads.add(least);
            least.thread.start();
        }
        least.adopt(consumer);
    }

    /** The threads end once the consumers they own have been shut down. */
    void close() {
        exiting = true;
        synchronized (this) {
            threads.forEach(Poller::wake);
        }
    }

    private final class Poller implements Runnable {
        final Thread thread = factory.newThread(this);
        private final Queue<GroupConsumer> arriving = new ConcurrentLinkedQueue<>();
        private final List<GroupConsumer> owned = new ArrayList<>();
        private final AtomicInteger load = new AtomicInteger();

        int load() {
            return load.get();
        }

        void adopt(GroupConsumer consumer) {
            load.incrementAndGet();
            arriving.add(consumer);
            wake();
        }

        void wake() {
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long rest = MIN_REST_NANOS;
            while (!(exiting && owned.isEmpty() && arriving.isEmpty())) {
                // a new consumer's group join takes a few round trips: poll again soon
                boolean busy = openArrivals();
                for (Iterator<GroupConsumer> it = owned.iterator(); it.hasNext(); ) {
                    GroupConsumer consumer = it.next();
                    if (consumer.closing()) {
                        it.remove();
                        consumer.shutdown();
                        load.decrementAndGet();
                    } else {
                        busy |= consumer.pollOnce();
                    }
                }
                if (busy) {
                    rest = MIN_REST_NANOS;
                } else {
                    LockSupport.parkNanos(this, rest);
                    rest = Math.min(rest * 2, MAX_REST_NANOS);
                }
            }
        }

        /** Opens the consumers given to this thread since the last round; whether there were any. */
        private boolean openArrivals() {
            boolean any = false;
            GroupConsumer consumer;
            while ((consumer = arriving.poll()) != null) {
                any = true;
                if (consumer.closing()) {
                    consumer.shutdown();
                    load.decrementAndGet();
                } else if (consumer.open(this::wake)) {
                    owned.add(consumer);
                } else {
                    load.decrementAndGet();
                }
            }
            return any;
        }
    }
}
