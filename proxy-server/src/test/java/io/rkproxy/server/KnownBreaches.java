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

    /** A STORE or STOREDIST option given twice. */
    private static final Pattern STORE_TWICE = Pattern.compile("(?i) (STORE|STOREDIST) \\S+ (\\S+ )*?\\1 ");

    /**
     * Known open breach. Redis before 7.2.16, 7.4.11, 8.2.9 and 8.4.6 (7.0.15 among them; redis/redis#15478) checks
     * only the first of repeated STORE (or STOREDIST) keys of GEORADIUS and GEORADIUSBYMEMBER against the user's key
     * patterns, while the command writes to the last. The proxy prefixes every one it forwards ({@code KeyPrefix}),
     * but a script calls the command with the names as they are: on a cluster pool a tenant's script can overwrite
     * or delete any key of its node, another tenant's included. Closed by a backend with the fix, or by taking
     * GEORADIUS and GEORADIUSBYMEMBER from cluster tenants' ACL users (GEOSEARCHSTORE and the _RO forms remain).
     * EVAL_RO is not affected: both commands are writes.
     */
    static final List<Entry> OPEN = List.of(
            new Entry("GEORADIUS_STORE_TWICE_IN_A_SCRIPT", PoolKind.CLUSTER, "georadius",
                    Set.of(Delivery.EVAL, Delivery.FCALL), STORE_TWICE),
            new Entry("GEORADIUSBYMEMBER_STORE_TWICE_IN_A_SCRIPT", PoolKind.CLUSTER, "georadiusbymember",
                    Set.of(Delivery.EVAL, Delivery.FCALL), STORE_TWICE));

    private KnownBreaches() {
    }

    /** The entry that covers {@code breach}, or null. */
    static Entry covering(PoolKind kind, Breach breach) {
        return OPEN.stream().filter(entry -> entry.covers(kind, breach)).findFirst().orElse(null);
    }
}
