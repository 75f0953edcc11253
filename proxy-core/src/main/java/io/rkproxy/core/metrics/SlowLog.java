package io.rkproxy.core.metrics;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most recent slow commands of this node, newest first, as Redis's SLOWLOG keeps them. The admins' view is one
 * ring of every tenant's commands at least the node's threshold slow; each tenant also has a ring of its own, as
 * long, with its own ids, so that one tenant's slow commands neither push another's out of its SLOWLOG nor show in
 * its ids. A tenant may set its own ring's threshold ({@code CONFIG SET slowlog-log-slower-than}), which changes
 * nothing in the admins' view. Only slow commands take a lock: their own ring's, and the node's when they enter it.
 */
public final class SlowLog {

    /** Arguments are cut to this many characters, as Redis cuts them to 128 bytes. */
    public static final int MAX_ARG_CHARS = 64;
    /** Only the command name and its first arguments are kept: enough for CONFIG SET name value or SET k v EX s. */
    public static final int MAX_ARGS = 8;

    private final int maxLen;
    /** The node's threshold in microseconds; negative logs nothing. */
    private final long nodeSlowerThanMicros;
    private final Ring all;
    private final Map<String, Ring> byTenant = new ConcurrentHashMap<>();
    /** The tenants' own thresholds in microseconds, read for every reply: without a lock. */
    private final Map<String, Long> slowerThanMicros = new ConcurrentHashMap<>();

    public SlowLog(int maxLen, long nodeSlowerThanMicros) {
        this.maxLen = maxLen;
        this.nodeSlowerThanMicros = nodeSlowerThanMicros;
        this.all = new Ring(maxLen);
    }

    /**
     * @param id the entry's id in the ring it was read from: the node's, or its tenant's
     * @param args the command's name and first arguments, already cut
     */
    public record Entry(long id, long epochMillis, long durationMicros, String tenant, String pool, String client,
                        String clientName, List<String> args) {
    }

    /** Whether a command of {@code tenant} that took {@code durationMicros} enters its ring or the node's. */
    public boolean slow(String tenant, long durationMicros) {
        return over(durationMicros, nodeSlowerThanMicros) || over(durationMicros, slowerThanMicros(tenant));
    }

    private static boolean over(long durationMicros, long slowerThan) {
        return slowerThan >= 0 && durationMicros >= slowerThan;
    }

    /** Adds a command to the rings whose threshold it reaches. @param clientName the name the client set, or "" */
    public void add(long epochMillis, long durationMicros, String tenant, String pool, String client,
                    String clientName, List<String> args) {
        if (maxLen == 0) {
            return;
        }
        Entry entry = new Entry(0, epochMillis, durationMicros, tenant, pool, client, clientName, args);
        if (over(durationMicros, nodeSlowerThanMicros)) {
            all.add(entry);
        }
        if (over(durationMicros, slowerThanMicros(tenant))) {
            byTenant.computeIfAbsent(tenant, t -> new Ring(maxLen)).add(entry);
        }
    }

    /** Up to {@code n} entries of every tenant, newest first, with the node's ids. */
    public List<Entry> latest(int n) {
        return all.latest(n);
    }

    /** Up to {@code n} of {@code tenant}'s entries since its last reset, newest first, with the tenant's ids. */
    public List<Entry> latest(String tenant, int n) {
        Ring ring = byTenant.get(tenant);
        return ring == null ? List.of() : ring.latest(n);
    }

    public int size() {
        return all.size();
    }

    /** {@code tenant}'s entries since its last reset. */
    public int size(String tenant) {
        Ring ring = byTenant.get(tenant);
        return ring == null ? 0 : ring.size();
    }

    /**
     * {@code tenant} sees none of its entries so far, and its ids go on as Redis's do after a reset; the other
     * tenants' and the admins' view are left alone.
     */
    public void reset(String tenant) {
        Ring ring = byTenant.get(tenant);
        if (ring != null) {
            ring.clear();
        }
    }

    /** The threshold of {@code tenant}'s own ring in microseconds: its own, or the node's. Negative logs nothing. */
    public long slowerThanMicros(String tenant) {
        return slowerThanMicros.getOrDefault(tenant, nodeSlowerThanMicros);
    }

    public void setSlowerThanMicros(String tenant, long micros) {
        slowerThanMicros.put(tenant, micros);
    }

    /**
     * {@code tenant} was removed: a tenant later given its name starts with an empty slow log, ids from 0 and the
     * node's threshold.
     */
    public void forget(String tenant) {
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

        /** Keeps {@code entry} under this ring's next id. */
        synchronized void add(Entry entry) {
            entries.addFirst(new Entry(nextId++, entry.epochMillis(), entry.durationMicros(), entry.tenant(),
                    entry.pool(), entry.client(), entry.clientName(), entry.args()));
            if (entries.size() > maxLen) {
                entries.removeLast();
            }
        }

        synchronized List<Entry> latest(int n) {
            return entries.stream().limit(n).toList();
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized void clear() {
            entries.clear();
        }
    }
}
