package io.rkproxy.core.runtime;

import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.metrics.BoundedGauge;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The places for connections that have not authenticated, on the whole node and per client address: a connection
 * takes one when it is accepted and gives it back when it authenticates or closes. A connection that finds no place
 * is refused at once, so unknown peers can neither exhaust the node's file descriptors nor crowd out the logins of
 * other addresses. Thread-safe.
 */
public final class UnauthenticatedConnections {

    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedConnections.class);

    /** Which cap refused a connection; the key is the config key that sets it. */
    public enum Cap {
        NODE("max-unauthenticated-connections", "ERR max number of unauthenticated clients reached"),
        ADDRESS("max-unauthenticated-connections-per-address",
                "ERR max number of unauthenticated clients from this address reached");

        private final String key;
        private final String error;

        Cap(String key, String error) {
            this.key = key;
            this.error = error;
        }

        public String key() {
            return key;
        }

        public String error() {
            return error;
        }
    }

    private final int max;
    private final int maxPerAddress;
    private final BoundedGauge all = new BoundedGauge();
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final Map<Cap, LongAdder> refused = new EnumMap<>(Cap.class);
    private final Map<Cap, SampledLog> refusals = new EnumMap<>(Cap.class);

    UnauthenticatedConnections(ServerConfig server) {
        this.max = server.maxUnauthenticatedConnections();
        this.maxPerAddress = server.maxUnauthenticatedConnectionsPerAddress();
        for (Cap cap : Cap.values()) {
            refused.put(cap, new LongAdder());
            refusals.put(cap, new SampledLog(log, Duration.ofSeconds(10)));
        }
    }

    /** Takes a place for a connection from {@code address} (a {@link ClientAddress}); empty when it got one. */
    public Optional<Cap> admit(InetAddress address) {
        boolean[] admitted = {false};
        byAddress.compute(address, (a, held) -> {
            int n = held == null ? 0 : held;
            if (n >= maxPerAddress) {
                return held;
            }
            admitted[0] = true;
            return n + 1;
        });
        if (!admitted[0]) {
            return refuse(Cap.ADDRESS, address, maxPerAddress);
        }
        if (!all.tryAcquire(max)) {
            leaveAddress(address);
            return refuse(Cap.NODE, address, max);
        }
        return Optional.empty();
    }

    /** Gives back the place of a connection from {@code address} that authenticated or closed. */
    public void release(InetAddress address) {
        all.release();
        leaveAddress(address);
    }

    private void leaveAddress(InetAddress address) {
        byAddress.computeIfPresent(address, (a, held) -> held == 1 ? null : held - 1);
    }

    private Optional<Cap> refuse(Cap cap, InetAddress address, int limit) {
        refused.get(cap).increment();
        refusals.get(cap).event(() -> "refused an unauthenticated connection from " + ClientAddress.show(address) + ": "
                + cap.key() + " (" + limit + ") reached");
        return Optional.of(cap);
    }

    /** Connections open now that have not authenticated. */
    public int count() {
        return all.get();
    }

    /** Connections refused since the start because {@code cap} was reached. */
    public long refused(Cap cap) {
        return refused.get(cap).sum();
    }
}
