package io.rkproxy.redis.cluster;

import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.Address;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where one session wrote since its last WAIT: the slots of its writes' keys, and the nodes its keyless writes
 * (scripts without keys, FLUSHDB) went to. Slots rather than masters, so that a slot that moved or failed over is
 * looked for where it is now. Used only from the session's event loop.
 */
final class SessionWrites {

    private final BitSet slots = new BitSet();
    private final Set<Address> nodes = new LinkedHashSet<>();

    /** Whether a command may change data and so reach the replicas: write-flagged, or a script or function. */
    static boolean writes(CommandSpec spec) {
        return spec != null && (spec.isWrite() || spec.hasFlag("may_replicate"));
    }

    void slot(int slot) {
        slots.set(slot);
    }

    void node(Address node) {
        nodes.add(node);
    }

    /** The masters that now serve what was written, in slot order; forgets it all. */
    Set<Address> takeMasters(SlotTable table) {
        Set<Address> masters = new LinkedHashSet<>();
        for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
            table.masterOf(slot).ifPresent(masters::add);
        }
        nodes.stream().filter(table.masters()::contains).forEach(masters::add);
        slots.clear();
        nodes.clear();
        return masters;
    }
}
