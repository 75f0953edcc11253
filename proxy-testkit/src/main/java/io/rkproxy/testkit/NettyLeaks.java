package io.rkproxy.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ByteBuf} leaks Netty's leak detector reports, kept so that a test can fail on them. {@link #install()}
 * turns the detector to {@link ResourceLeakDetector.Level#PARANOID} (every buffer tracked) and listens to it;
 * {@link #collect()} makes it look at every buffer dropped so far and returns what it found.
 */
public final class NettyLeaks {

    private static final List<String> reports = new ArrayList<>();
    private static boolean installed;

    private NettyLeaks() {
    }

    /** Tracks every buffer from now on and records its leak. Idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        // The detector reports nothing, to its listener either, while its logger has ERROR off.
        if (!InternalLoggerFactory.getInstance(ResourceLeakDetector.class).isErrorEnabled()) {
            throw new IllegalStateException("the logger " + ResourceLeakDetector.class.getName()
                    + " must have ERROR enabled, or Netty reports no leak");
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        byteBufDetector().setLeakListener((type, records) -> {
            synchronized (NettyLeaks.class) {
                reports.add(type + " leaked" + records);
            }
        });
        installed = true;
    }

    /**
     * Runs {@code code} with no buffer it allocates tracked, for a test of code that relies on a buffer's identity,
     * which the detector's wrappers hide (a slice's {@code unwrap()} is then the wrapper's, not the buffer read).
     */
    public static void untracked(Runnable code) {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            code.run();
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }

    /**
     * Collects garbage, makes the detector look at it, and returns (and forgets) the leaks reported since the last
     * call. Netty reports a leak only once per distinct record of where the buffer was used.
     */
    public static List<String> collect() {
        install();
        for (int round = 0; round < 2; round++) {
            awaitCollection();
            // The detector polls for dropped buffers when it tracks a new one.
            ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        synchronized (NettyLeaks.class) {
            List<String> found = List.copyOf(reports);
            reports.clear();
            return found;
        }
    }

    /** Fails with the first report if any leak is reported; {@code where} names what ran since the last check. */
    public static void assertNone(String where) {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) reported by Netty's leak detector after "
                    + where + "; the first:\n" + leaks.get(0));
        }
    }

    /** Runs the collector until an object dropped now has been collected and its reference enqueued. */
    private static void awaitCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        for (int attempt = 0; attempt < 50; attempt++) {
            System.gc();
            try {
                if (queue.remove(20) == canary) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("no garbage collection within a second after System.gc()");
    }

    @SuppressWarnings("unchecked")
    private static ResourceLeakDetector<ByteBuf> byteBufDetector() {
        try {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            return (ResourceLeakDetector<ByteBuf>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach Netty's ByteBuf leak detector", e);
        }
    }
}
