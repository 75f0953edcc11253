package io.rkproxy.redis.cluster;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XREAD and XREADGROUP without BLOCK over streams of several slots: one part per slot, each the client's options
 * with that slot's streams and their IDs, sent to the slot's master; then one reply naming the streams that had
 * entries in the order the client asked for them, as an array of name-entries pairs (RESP2) or a map (RESP3), or
 * nil when none had any. COUNT applies per stream, so the parts together read what one node would have.
 *
 * <p>Not atomic across slots, like the other splits: when a part fails the client gets its error, and an
 * XREADGROUP part that succeeded has already moved its entries to the group's pending list, where XPENDING and
 * XAUTOCLAIM find them.
 *
 * <p>With BLOCK the streams must share a slot ({@link #BLOCK_ACROSS_SLOTS}): one branch per node would each wait,
 * and an XREADGROUP branch answered after another had already answered the client would leave its entries
 * pending, read by nobody.
 */
final class XReadSplit {

    static final String BLOCK_ACROSS_SLOTS = "CROSSSLOT Keys in request don't hash to the same slot "
            + "(rkproxy: XREAD and XREADGROUP with BLOCK need all their streams in one slot, e.g. a common "
            + "{hash tag}; without BLOCK they may name streams of any slots)";

    private XReadSplit() {
    }

    /** Whether the command is an XREAD or XREADGROUP this class splits: one that does not block. */
    static boolean handles(RespCommand command, boolean blocks) {
        return !blocks && (command.name().equals("xread") || command.name().equals("xreadgroup"));
    }

    /** Splits and sends; takes ownership of {@code command}. {@code keys} are its streams' argument indexes. */
    static void run(ClusterRoute route, RespCommand command, int[] keys, ReplyCallback callback) {
        int first = keys[0];
        int streams = keys.length;
        if (command.argCount() - first != 2 * streams) {
            String unbalanced = unbalanced(command.name());
            command.release();
            callback.onError(unbalanced);
            return;
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int k = 0; k < streams; k++) {
            bySlot.computeIfAbsent(SlotHash.slot(command.arg(first + k)), s -> new ArrayList<>()).add(k);
        }
        int[] partOf = new int[streams];
        List<RespCommand> parts = new ArrayList<>(bySlot.size());
        for (List<Integer> ordinals : bySlot.values()) {
            byte[][] args = new byte[first + 2 * ordinals.size()][];
            for (int i = 0; i < first; i++) {
                args[i] = command.argBytes(i);
            }
            for (int j = 0; j < ordinals.size(); j++) {
                int k = ordinals.get(j);
                args[first + j] = command.argBytes(first + k);
                args[first + ordinals.size() + j] = command.argBytes(first + streams + k);
                partOf[k] = parts.size();
            }
            parts.add(RespCommand.of(args));
        }
        List<RespValue> names = new ArrayList<>(streams);
        for (int k = 0; k < streams; k++) {
            names.add(new RespValue.Bulk(command.argBytes(first + k)));
        }
        command.release();
        Gather gather = Gather.withNilArray(parts.size(), route.protocol(), callback,
                replies -> merge(names, partOf, replies));
        int i = 0;
        for (int slot : bySlot.keySet()) {
            route.sendToSlot(slot, parts.get(i), gather.part(i));
            i++;
        }
    }

    /** Redis's own error for streams without as many IDs, checked before the split would misplace them. */
    static String unbalanced(String name) {
        return "ERR Unbalanced '" + name + "' list of streams: for each stream key an ID or '"
                + (name.equals("xreadgroup") ? ">" : "$") + "' must be specified.";
    }

    /**
     * The parts' streams in the client's order. {@code names} are the client's streams, {@code partOf} which part
     * each went to; a stream named twice is answered twice, as Redis does.
     */
    static RespValue merge(List<RespValue> names, int[] partOf, List<RespValue> replies) {
        List<Map<RespValue, ArrayDeque<RespValue>>> entries = new ArrayList<>(replies.size());
        boolean asMap = false;
        for (RespValue reply : replies) {
            asMap |= reply instanceof RespValue.Dict;
            entries.add(entriesByStream(reply));
        }
        List<RespValue> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            ArrayDeque<RespValue> found = entries.get(partOf[k]).get(names.get(k));
            RespValue streamEntries = found == null ? null : found.poll();
            if (streamEntries == null) {
                continue;
            }
            if (asMap) {
                out.add(names.get(k));
                out.add(streamEntries);
            } else {
                out.add(new RespValue.Array(List.of(names.get(k), streamEntries)));
            }
        }
        for (Map<RespValue, ArrayDeque<RespValue>> left : entries) {
            left.forEach((name, rest) -> {
                if (!rest.isEmpty()) {
                    throw new IllegalStateException("a node answered stream " + name + ", which it was not asked for");
                }
            });
        }
        if (out.isEmpty()) {
            return RespValue.NULL;
        }
        return asMap ? new RespValue.Dict(out) : new RespValue.Array(out);
    }

    /** One part's reply as each stream's entries: none for nil; pairs in an array (RESP2) or a map (RESP3). */
    private static Map<RespValue, ArrayDeque<RespValue>> entriesByStream(RespValue reply) {
        Map<RespValue, ArrayDeque<RespValue>> byName = new HashMap<>();
        if (reply instanceof RespValue.Null) {
            return byName;
        }
        if (reply instanceof RespValue.Dict map) {
            List<RespValue> items = map.items();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                byName.computeIfAbsent(streamName(items.get(i)), n -> new ArrayDeque<>()).add(items.get(i + 1));
            }
            return byName;
        }
        if (!(reply instanceof RespValue.Array pairs)) {
            throw new IllegalStateException("an XREAD reply is an array, a map or nil, not " + reply);
        }
        for (RespValue pair : pairs.items()) {
            if (!(pair instanceof RespValue.Array stream) || stream.items().size() != 2) {
                throw new IllegalStateException("an XREAD reply's stream is its name and entries, not " + pair);
            }
            byName.computeIfAbsent(streamName(stream.items().get(0)), n -> new ArrayDeque<>())
                    .add(stream.items().get(1));
        }
        return byName;
    }

    private static RespValue streamName(RespValue name) {
        if (!(name instanceof RespValue.Bulk)) {
            throw new IllegalStateException("a stream's name is a bulk string, not " + name);
        }
        return name;
    }
}
