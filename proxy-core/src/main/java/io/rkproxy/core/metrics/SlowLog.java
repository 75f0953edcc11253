package io.rkproxy.core.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The most recent slow commands of this node, newest first, as Redis's SLOWLOG keeps them. Only slow commands take
 * its lock. A tenant sees and resets only its own entries (SLOWLOG as a tenant); a tenant's reset hides its older
 * entries from it, and leaves them to the admins' view.
 */
public final class SlowLog {

    /** Arguments are cut to this many characters, as Redis cuts them to 128 bytes. */
    public static final int MAX_ARG_CHARS = 64;
    /** Only the command name and its first arguments (the key, then a value) are kept. */
    public static final int MAX_ARGS = 3;

    private final int maxLen;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    /** Per tenant that reset its slow log: the first id it still sees. */
    private final Map<String, Long> tenantResets = new HashMap<>();

    public SlowLog(int maxLen) {
        this.maxLen = maxLen;
    }

    /**
     * @param args the command's name and first arguments, already cut
     */
    public record Entry(long id, long epochMillis, long durationMicros, String tenant, String pool, String client,
                        String clientName, List<String> args) {
    }

    /** @param clientName the name the client set, or "" */
    public synchronized void add(long epochMillis, long durationMicros, String tenant, String pool, String client,
                                 String clientName, List<String> args) {
        if (maxLen == 0) {
            return;
        }
        entries.addFirst(new Entry(nextId++, epochMillis, durationMicros, tenant, pool, client, clientName, args));
        if (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Up to {@code n} entries, newest first. */
    public synchronized List<Entry> latest(int n) {
        return latest(n, e -> true);
    }

    /** Up to {@code n} of {@code tenant}'s entries since its last reset, newest first. */
    public synchronized List<Entry> latest(String tenant, int n) {
        return latest(n, visibleTo(tenant));
    }

    private List<Entry> latest(int n, Predicate<Entry> shown) {
        List<Entry> out = new ArrayList<>(Math.min(n, entries.size()));
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && out.size() < n) {
            Entry e = it.next();
            if (shown.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }

    /** {@code tenant}'s entries since its last reset. */
    public synchronized int size(String tenant) {
        return (int) entries.stream().filter(visibleTo(tenant)).count();
    }

    /** {@code tenant} sees none of its entries so far; the other tenants' and the admins' view are left alone. */
    public synchronized void reset(String tenant) {
        tenantResets.put(tenant, nextId);
    }

    private Predicate<Entry> visibleTo(String tenant) {
        long since = tenantResets.getOrDefault(tenant, 0L);
        return e -> tenant.equals(e.tenant()) && e.id() >= since;
    }
}
