package io.rkproxy.redis.cluster;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which master serves each of the 16384 slots: one array read per lookup. Immutable; a topology change builds a
 * new table that replaces the old one whole.
 */
public final class SlotTable {

    private static final short UNCOVERED = -1;

    private final List<Address> masters;
    private final short[] owners;
    private volatile List<Address> inSlotOrder;

    private SlotTable(List<Address> masters, short[] owners) {
        this.masters = List.copyOf(masters);
        this.owners = owners;
    }

    /** The master serving {@code slot}, or empty while no master covers it. */
    public Optional<Address> masterOf(int slot) {
        short owner = owners[slot];
        return owner == UNCOVERED ? Optional.empty() : Optional.of(masters.get(owner));
    }

    public List<Address> masters() {
        return masters;
    }

    /**
     * The masters that serve slots, ordered by the first slot each serves: an order that survives a failover,
     * since the promoted replica takes over the same slots.
     */
    public List<Address> mastersInSlotOrder() {
        List<Address> ordered = inSlotOrder;
        if (ordered == null) {
            ordered = new ArrayList<>();
            boolean[] seen = new boolean[masters.size()];
            for (short owner : owners) {
                if (owner != UNCOVERED && !seen[owner]) {
                    seen[owner] = true;
                    ordered.add(masters.get(owner));
                }
            }
            inSlotOrder = ordered = List.copyOf(ordered);
        }
        return ordered;
    }

    /** Slots no master covers. */
    public int uncoveredSlots() {
        int n = 0;
        for (short owner : owners) {
            if (owner == UNCOVERED) {
                n++;
            }
        }
        return n;
    }

    /** A table with {@code slot} moved to {@code master}, as a MOVED redirection says. */
    public SlotTable withSlot(int slot, Address master) {
        List<Address> nextMasters = new ArrayList<>(masters);
        int index = nextMasters.indexOf(master);
        if (index < 0) {
            nextMasters.add(master);
            index = nextMasters.size() - 1;
        }
        short[] next = owners.clone();
        next[slot] = (short) index;
        return new SlotTable(nextMasters, next);
    }

    /**
     * Builds the table from a {@code CLUSTER SHARDS} reply (Redis 7): each shard's slot ranges and its nodes, of
     * which the one with role master serves them.
     */
    public static SlotTable fromShards(RespValue reply) {
        Builder builder = new Builder();
        for (RespValue shard : reply.items()) {
            Map<String, RespValue> fields = shard.fields();
            Address master = null;
            for (RespValue node : fields.get("nodes").items()) {
                Map<String, RespValue> n = node.fields();
                if (n.get("role").asText().equals("master")) {
                    master = new Address(host(n), (int) n.get("port").asLong());
                }
            }
            List<RespValue> slots = fields.get("slots").items();
            for (int i = 0; master != null && i + 1 < slots.size(); i += 2) {
                builder.assign((int) slots.get(i).asLong(), (int) slots.get(i + 1).asLong(), master);
            }
        }
        return builder.build();
    }

    /** Builds the table from a {@code CLUSTER SLOTS} reply: {@code [start, end, [ip, port, id], replicas...]}. */
    public static SlotTable fromSlots(RespValue reply) {
        Builder builder = new Builder();
        for (RespValue range : reply.items()) {
            List<RespValue> r = range.items();
            List<RespValue> master = r.get(2).items();
            builder.assign((int) r.get(0).asLong(), (int) r.get(1).asLong(),
                    new Address(master.get(0).asText(), (int) master.get(1).asLong()));
        }
        return builder.build();
    }

    private static String host(Map<String, RespValue> node) {
        RespValue ip = node.get("ip");
        RespValue endpoint = node.get("endpoint");
        return ip != null && !ip.asText().isEmpty() ? ip.asText() : endpoint.asText();
    }


    private static final class Builder {
        private final List<Address> masters = new ArrayList<>();
        private final short[] owners = new short[SlotHash.SLOT_COUNT];

        Builder() {
            Arrays.fill(owners, UNCOVERED);
        }

        void assign(int from, int to, Address master) {
            int index = masters.indexOf(master);
            if (index < 0) {
                masters.add(master);
                index = masters.size() - 1;
            }
            Arrays.fill(owners, from, to + 1, (short) index);
        }

        SlotTable build() {
            return new SlotTable(masters, owners);
        }
    }
}
