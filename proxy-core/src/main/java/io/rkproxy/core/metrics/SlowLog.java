package io.rkproxy.core.metrics;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most recent slow commands of this node, newest first, as Redis's SLOWLOG keeps them. Only slow commands take
 * its lock. The admins' view is one ring of every tenant's entries; each tenant also has a ring of its own, as long,
 * with its own ids, so that one tenant's slow commands neither push another's out of its SLOWLOG nor show in its ids.
 * A tenant may set its own threshold ({@code CONFIG SET slowlog-log-slower-than}); its commands enter both rings by
 * it.
 */
public final class SlowLog {

    /** Arguments are cut to this many characters, as Redis cuts them to 128 bytes. */
    public static final int MAX_ARG_CHARS = 64;
    /** Only the command name and its first arguments are kept: enough for CONFIG SET name value or SET k v EX s. */
    public static final int MAX_ARGS = 8;

    private final int maxLen;
    private final Ring all;
    private final Map<String, Ring> byTenant = new HashMap<>();
    /** The tenants' own thresholds in microseconds, read for every reply: without the lock. */
    private final Map<String, Long> slowerThanMicros = new ConcurrentHashMap<>();

    public SlowLog(int maxLen) {
        this.maxLen = maxLen;
        this.all = new Ring(maxLen);
    }

    /**
     * @param id the entry's id in the ring it was read from: the node's, or its tenant's
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
        Entry entry = all.add(new Entry(0, epochMillis, durationMicros, tenant, pool, client, clientName, args));
        byTenant.computeIfAbsent(tenant, t -> new Ring(maxLen)).add(entry);
    }

    /** Up to {@code n} entries of every tenant, newest first, with the node's ids. */
    public synchronized List<Entry> latest(int n) {
        return all.latest(n);
    }

    /** Up to {@code n} of {@code tenant}'s entries since its last reset, newest first, with the tenant's ids. */
    public synchronized List<Entry> latest(String tenant, int n) {
        Ring ring = byTenant.get(tenant);
        return ring == null ? List.of() : ring.latest(n);
    }

    public synchronized int size() {
        return all.entries.size();
    }

    /** {@code tenant}'s entries since its last reset. */
    public synchronized int size(String tenant) {
        Ring ring = byTenant.get(tenant);
        return ring == null ? 0 : ring.entries.size();
    }

    /**
     * {@code tenant} sees none of its entries so far, and its ids go on as Redis's do after a reset; the other
     * tenants' and the admins' view are left alone.
     */
    public synchronized void reset(String tenant) {
        Ring ring = byTenant.get(tenant);
        if (ring != null) {
            ring.entries.clear();
        }
    }

    /**
     * The threshold of {@code tenant}'s commands in microseconds: its own, or {@code otherwise} (the node's) when it
     * set none. Negative logs nothing, as in Redis.
     */
    public long slowerThanMicros(String tenant, long otherwise) {
        return slowerThanMicros.getOrDefault(tenant, otherwise);
    }

    public void setSlowerThanMicros(String tenant, long micros) {
        slowerThanMicros.put(tenant, micros);
    }

    /**
     * {@code tenant} was removed: a tenant later given its name starts with an empty slow log, ids from 0 and the
     * node's threshold.
     */
    public synchronized void forget(String tenant) {
        byTenant.remove(tenant);
        slowerThanMicros.remove(tenant);
    }

    private static final class Ring {
        private final int maxLen;
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long nextId;

        Ring(int maxLen) {
            this.maxLen = maxLen;
        }

        /** Keeps {@code entry} under this ring's next id; returns it so. */
        Entry add(Entry entry) {
            Entry numbered = new Entry(nextId++, entry.epochMillis(), entry.durationMicros(), entry.tenant(),
                    entry.pool(), entry.client(), entry.clientName(), entry.args());
            entries.addFirst(numbered);
            if (entries.size() > maxLen) {
                entries.removeLast();
            }
            return numbered;
        }

        List<Entry> latest(int n) {
            return entries.stream().limit(n).toList();
        }
    }
}
