package io.rkproxy.redis.cluster;

import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which master serves each of the 16384 slots: one array read per lookup. For reports, also every other node and
 * how the cluster says they are. Immutable; a topology change builds a new table that replaces the old one whole.
 */
public final class SlotTable {

    private static final short UNCOVERED = -1;
    private static final String ONLINE = "online";

    private final List<Address> masters;
    /** The masters, then the other nodes (replicas, masters of no slots). */
    private final List<Address> nodes;
    /** The cluster's word for each node it does not report online. */
    private final Map<Address, String> notOnline;
    private final short[] owners;
    private volatile List<Address> inSlotOrder;

    /** @param nodes every node, in any order; the masters are put first */
    private SlotTable(List<Address> masters, Collection<Address> nodes, Map<Address, String> notOnline,
                      short[] owners) {
        this.masters = List.copyOf(masters);
        LinkedHashSet<Address> all = new LinkedHashSet<>(masters);
        all.addAll(nodes);
        this.nodes = List.copyOf(all);
        this.notOnline = Map.copyOf(notOnline);
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

    /** Every node the cluster told of: the masters, then the others (replicas, masters of no slots). */
    public List<Address> nodes() {
        return nodes;
    }

    /**
     * The nodes worth keeping connections to: the masters, and every other node the cluster reports online, such
     * as a master that serves no slot yet but imports one, whose keys a migration's ASK sends commands to.
     */
    public List<Address> connectableNodes() {
        List<Address> connectable = new ArrayList<>(masters);
        nodes.stream().filter(n -> !notOnline.containsKey(n) && !masters.contains(n)).forEach(connectable::add);
        return connectable;
    }

    /**
     * The health the cluster reports for {@code node} when it is not online ({@code failed}, {@code loading}), from
     * {@code CLUSTER SHARDS}; {@code CLUSTER SLOTS} tells none, it leaves failed replicas out.
     */
    public Optional<String> troubleOf(Address node) {
        return Optional.ofNullable(notOnline.get(node));
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
        return new SlotTable(nextMasters, nodes, notOnline, next);
    }

    /** {@link #fromShards(RespValue, boolean)} for a pool that connects without TLS. */
    public static SlotTable fromShards(RespValue reply) {
        return fromShards(reply, false);
    }

    /**
     * Builds the table from a {@code CLUSTER SHARDS} reply (Redis 7): each shard's slot ranges and its nodes, of
     * which the one with role master serves them. A node names its plain port as {@code port} and its TLS port as
     * {@code tls-port}; a node that takes TLS only names no {@code port}.
     *
     * @param tls whether the pool connects with TLS, and so to the {@code tls-port}
     */
    public static SlotTable fromShards(RespValue reply, boolean tls) {
        Builder builder = new Builder();
        for (RespValue shard : reply.items()) {
            Map<String, RespValue> fields = shard.fields();
            Address master = null;
            for (RespValue node : fields.get("nodes").items()) {
                Map<String, RespValue> n = node.fields();
                Address address = new Address(host(n), (int) n.get(tls ? "tls-port" : "port").asLong());
                if (n.get("role").asText().equals("master")) {
                    master = address;
                }
                builder.nodes.add(address);
                RespValue health = n.get("health");
                if (health != null && !health.asText().equals(ONLINE)) {
                    builder.notOnline.put(address, health.asText());
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
            builder.assign((int) r.get(0).asLong(), (int) r.get(1).asLong(), address(r.get(2)));
            for (int i = 3; i < r.size(); i++) {
                builder.nodes.add(address(r.get(i)));
            }
        }
        return builder.build();
    }

    /** A node of a {@code CLUSTER SLOTS} range: {@code [ip, port, id, ...]}. */
    private static Address address(RespValue node) {
        List<RespValue> fields = node.items();
        return new Address(fields.get(0).asText(), (int) fields.get(1).asLong());
    }

    private static String host(Map<String, RespValue> node) {
        RespValue ip = node.get("ip");
        RespValue endpoint = node.get("endpoint");
        return ip != null && !ip.asText().isEmpty() ? ip.asText() : endpoint.asText();
    }


    private static final class Builder {
        private final List<Address> masters = new ArrayList<>();
        private final List<Address> nodes = new ArrayList<>();
        private final Map<Address, String> notOnline = new HashMap<>();
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
            return new SlotTable(masters, nodes, notOnline, owners);
        }
    }
}
