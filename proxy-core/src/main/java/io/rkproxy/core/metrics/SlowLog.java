package io.rkproxy.core.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent slow commands of this node, newest first, as Redis's SLOWLOG keeps them. Only slow commands take
 * its lock.
 */
public final class SlowLog {

    /** Arguments are cut to this many characters, as Redis cuts them to 128 bytes. */
    public static final int MAX_ARG_CHARS = 64;
    /** Only the command name and its first arguments (the key, then a value) are kept. */
    public static final int MAX_ARGS = 3;

    private final int maxLen;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public SlowLog(int maxLen) {
        this.maxLen = maxLen;
    }

    /**
     * @param args the command's name and first arguments, already cut
     */
    public record Entry(long id, long epochMillis, long durationMicros, String tenant, String pool, String client,
                        List<String> args) {
    }

    public synchronized void add(long epochMillis, long durationMicros, String tenant, String pool, String client,
                                 List<String> args) {
        if (maxLen == 0) {
            return;
        }
        entries.addFirst(new Entry(nextId++, epochMillis, durationMicros, tenant, pool, client, args));
        if (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Up to {@code n} entries, newest first. */
    public synchronized List<Entry> latest(int n) {
        List<Entry> out = new ArrayList<>(Math.min(n, entries.size()));
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && out.size() < n) {
            out.add(it.next());
        }
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }
}
