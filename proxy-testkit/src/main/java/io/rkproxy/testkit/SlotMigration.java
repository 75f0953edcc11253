package io.rkproxy.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

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
        // importing first: a source would ASK clients to a target that sends them back with MOVED
        expectOk(target, slots, s -> setSlot(s, "IMPORTING", id(source)));
        expectOk(source, slots, s -> setSlot(s, "MIGRATING", id(target)));
        int moved = 0;
        for (List<Integer> pending = slots; !pending.isEmpty(); ) {
            List<List<String>> keys = pipeline(source, pending,
                    s -> List.of("CLUSTER", "GETKEYSINSLOT", s.toString(), KEYS_PER_MIGRATE)).stream()
                    .map(reply -> reply.isEmpty() ? List.<String>of() : Arrays.asList(reply.split("\n")))
                    .toList();
            moved += migrate(source, target, keys.stream().filter(k -> !k.isEmpty()).toList());
            pending = IntStream.range(0, pending.size()).filter(i -> !keys.get(i).isEmpty())
                    .mapToObj(pending::get).toList();
        }
        // the target first: once the source hands a slot over, the clients it redirects must find it served there
        expectOk(target, slots, s -> setSlot(s, "NODE", id(target)));
        expectOk(source, slots, s -> setSlot(s, "NODE", id(target)));
        masters.stream().filter(m -> !m.equals(target) && !m.equals(source))
                .forEach(other -> expectOk(other, slots, s -> setSlot(s, "NODE", id(target))));
        return moved;
    }

    /**
     * MIGRATEs each batch of keys, all of one slot (MIGRATE refuses keys of different slots); returns how many.
     * Without REPLACE: a key on both nodes would mean one was written where it should not have been.
     */
    private int migrate(RedisServer source, RedisServer target, List<List<String>> batches) {
        expectReplies(source, pipeline(source, batches, keys -> {
            List<String> command = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()),
                    "", "0", MIGRATE_TIMEOUT_MS, "KEYS"));
            command.addAll(keys);
            return command;
        }), "+OK", "+NOKEY");
        return batches.stream().mapToInt(List::size).sum();
    }

    private static List<String> setSlot(int slot, String state, String node) {
        return List.of("CLUSTER", "SETSLOT", Integer.toString(slot), state, node);
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
        return sockets.computeIfAbsent(node, RedisServer::connect);
    }

    @Override
    public void close() {
        sockets.values().forEach(RespSocket::close);
    }
}
