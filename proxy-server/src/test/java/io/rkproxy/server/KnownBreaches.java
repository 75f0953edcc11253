package io.rkproxy.server;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Breaches the probe found that are not fixed yet. Each entry names exactly the pool kind, command, ways and form it
 * covers, and says why it is open; the probe still reports it, and fails on any breach no entry covers. Remove an
 * entry once its breach is fixed: the probe then guards the fix.
 */
final class KnownBreaches {

    /** One open breach: the breaches of {@code command} sent one of {@code deliveries} in a form {@code form} finds. */
    record Entry(String name, PoolKind kind, String command, Set<Delivery> deliveries, Pattern form) {

        boolean covers(PoolKind poolKind, Breach breach) {
            return kind == poolKind && command.equals(breach.command())
                    && deliveries.stream().anyMatch(d -> d.label().equals(breach.delivery()))
                    && form.matcher(breach.form()).find();
        }
    }

    /** None today. */
    static final List<Entry> OPEN = List.of();

    private KnownBreaches() {
    }

    /** The entry that covers {@code breach}, or null. */
    static Entry covering(PoolKind kind, Breach breach) {
        return OPEN.stream().filter(entry -> entry.covers(kind, breach)).findFirst().orElse(null);
    }
}
