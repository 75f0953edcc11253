package io.rkproxy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.rkproxy.core.config.ServerConfig;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed AUTHs. Each counts against the client's address (a {@link ClientAddress}) together with the tenant the AUTH
 * named, or with no tenant when it named none, over a window that restarts at each failure: that pair is past the
 * limit once it has {@code auth-max-failures} in its window. Totals per tenant, and of those that named no tenant,
 * are kept for the metrics. Thread-safe.
 */
public final class AuthFailures {

    /** Whom failures count against; {@code tenant} null for AUTHs that named no tenant. */
    private record Key(InetAddress address, String tenant) {
    }

    /**
     * A pair with failures in its window, for the console.
     *
     * @param tenant  the tenant the AUTHs named, or null for none
     * @param delayed whether its AUTHs wait out {@code auth-failure-delay-ms} now
     */
    public record Recent(String address, String tenant, int failures, boolean delayed) {
    }

    private static final Comparator<Recent> MOST_FIRST = Comparator.comparingInt(Recent::failures).reversed()
            .thenComparing(Recent::address)
            .thenComparing(Recent::tenant, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final int maxFailures;
    private final Cache<Key, Integer> window;
    private final Map<String, LongAdder> byTenant = new ConcurrentHashMap<>();
    private final LongAdder unattributed = new LongAdder();
    private final LongAdder delayed = new LongAdder();

    AuthFailures(ServerConfig server, Ticker ticker) {
        this.maxFailures = server.authMaxFailures();
        this.window = Caffeine.newBuilder()
                .expireAfterWrite(server.authFailureWindow())
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** Whether the pair has reached {@code auth-max-failures} within its window. */
    boolean pastLimit(InetAddress address, String tenant) {
        Integer failed = window.getIfPresent(new Key(address, tenant));
        return failed != null && failed >= maxFailures;
    }

    /** A failed AUTH from {@code address} (null when unknown) naming {@code tenant} (null for none). */
    void failed(InetAddress address, String tenant) {
        if (address != null) {
            window.asMap().merge(new Key(address, tenant), 1, Integer::sum);
        }
        if (tenant == null) {
            unattributed.increment();
        } else {
            byTenant.computeIfAbsent(tenant, t -> new LongAdder()).increment();
        }
    }

    /** An AUTH waits out the delay. */
    void delayed() {
        delayed.increment();
    }

    /** Failed AUTHs since the start that named each tenant, by tenant name; tenants with none are absent. */
    public Map<String, Long> byTenant() {
        Map<String, Long> out = new TreeMap<>();
        byTenant.forEach((tenant, n) -> out.put(tenant, n.sum()));
        return out;
    }

    /** Failed AUTHs since the start that named {@code tenant}. */
    public long tenant(String tenant) {
        LongAdder failed = byTenant.get(tenant);
        return failed == null ? 0 : failed.sum();
    }

    /** Failed AUTHs since the start that named no tenant: a password alone, the user default, or an unknown name. */
    public long unattributed() {
        return unattributed.sum();
    }

    /** AUTHs since the start that waited out the delay before their password was checked. */
    public long delayedAttempts() {
        return delayed.sum();
    }

    /** The {@code n} pairs with the most failures in their window, most first. */
    public List<Recent> recent(int n) {
        return window.asMap().entrySet().stream()
                .map(e -> new Recent(ClientAddress.show(e.getKey().address()), e.getKey().tenant(), e.getValue(),
                        e.getValue() >= maxFailures))
                .sorted(MOST_FIRST)
                .limit(n)
                .toList();
    }
}
