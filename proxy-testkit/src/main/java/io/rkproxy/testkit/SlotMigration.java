package io.rkproxy.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves slots between masters with the steps {@code redis-cli --cluster reshard} takes for each slot: the target
 * IMPORTING, the source MIGRATING, the slot's keys MIGRATEd in batches, then the target made the slot's owner on the
 * target, the source and every other master, in that order. Unlike redis-cli it takes a batch of slots through each
 * step together, pipelined: thousands of slots move in seconds, and each stays in mid-migration long enough for a
 * load to meet it there. Keeps one connection per master open while it runs.
 */
final class SlotMigration implements AutoCloseable {

    private static final String KEYS_PER_MIGRATE = "100";
    private static final String MIGRATE_TIMEOUT_MS = "10000";

    private final List<RedisServer> masters;
    private final Map<RedisServer, RespSocket> sockets = new HashMap<>();
    private final Map<RedisServer, String> ids = new HashMap<>();

    /** @param masters every running master, to be told each slot's new owner */
    SlotMigration(List<RedisServer> masters) {
        this.masters = List.copyOf(masters);
    }

    /** Moves {@code slots} from {@code source}, their owner, to {@code target}; returns how many keys went along. */
    int move(List<Integer> slots, RedisServer source, RedisServer target) {
        expectOk(target, slots, s -> setSlot(s, "IMPORTING", id(source)));
        expectOk(source, slots, s -> setSlot(s, "MIGRATING", id(target)));
        int moved = 0;
        for (List<Integer> pending = slots; !pending.isEmpty(); ) {
            List<List<String>> keys = pipeline(source, pending,
                    s -> List.of("CLUSTER", "GETKEYSINSLOT", s.toString(), KEYS_PER_MIGRATE)).stream()
                    .map(reply -> reply.isEmpty() ? List.<String>of() : Arrays.asList(reply.split("\n")))
                    .toList();
            List<List<String>> batches = keys.stream().filter(k -> !k.isEmpty()).toList();
            // MIGRATE refuses keys of different slots (CROSSSLOT): one per slot
            expectReplies(source, pipeline(source, batches, k -> migrate(target, k)), "+OK", "+NOKEY");
            moved += batches.stream().mapToInt(List::size).sum();
            List<Integer> notEmptied = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!keys.get(i).isEmpty()) {
                    notEmptied.add(pending.get(i));
                }
            }
            pending = notEmptied;
        }
        // the target first: once the source hands a slot over, the clients it redirects must find it served there
        expectOk(target, slots, s -> setSlot(s, "NODE", id(target)));
        expectOk(source, slots, s -> setSlot(s, "NODE", id(target)));
        for (RedisServer other : masters) {
            if (!other.equals(target) && !other.equals(source)) {
                expectOk(other, slots, s -> setSlot(s, "NODE", id(target)));
            }
        }
        return moved;
    }

    private static List<String> setSlot(int slot, String state, String node) {
        return List.of("CLUSTER", "SETSLOT", Integer.toString(slot), state, node);
    }

    /** Without REPLACE: a key on both nodes would mean one was written where it should not have been. */
    private static List<String> migrate(RedisServer target, List<String> keys) {
        List<String> command = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "",
                "0", MIGRATE_TIMEOUT_MS, "KEYS"));
        command.addAll(keys);
        return command;
    }

    private String id(RedisServer node) {
        return ids.computeIfAbsent(node, n -> socket(n).call("CLUSTER", "MYID"));
    }

    private void expectOk(RedisServer node, List<Integer> slots, Function<Integer, List<String>> command) {
        expectReplies(node, pipeline(node, slots, command), "+OK");
    }

    private static void expectReplies(RedisServer node, List<String> replies, String... expected) {
        for (String reply : replies) {
            if (!Arrays.asList(expected).contains(reply)) {
                throw new IllegalStateException("slot migration: " + node.address() + " replied " + reply);
            }
        }
    }

    /** One command per item, sent together to {@code node}; the replies in order. */
    private <T> List<String> pipeline(RedisServer node, List<T> items, Function<T, List<String>> command) {
        RespSocket socket = socket(node);
        items.forEach(item -> socket.send(command.apply(item).toArray(String[]::new)));
        List<String> replies = new ArrayList<>(items.size());
        items.forEach(item -> replies.add(socket.read()));
        return replies;
    }

    private RespSocket socket(RedisServer node) {
        return sockets.computeIfAbsent(node, n -> new RespSocket(n.port()));
    }

    @Override
    public void close() {
        sockets.values().forEach(RespSocket::close);
    }
}
