package io.rkproxy.redis.cluster;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * MGET, MSET, DEL, UNLINK, EXISTS and TOUCH over keys of several slots: one part per slot, each sent to the slot's
 * master (the parts for one node leave in one write), then one merged reply: MGET's values in the client's key
 * order, MSET's +OK only when every part said OK, the others' counts summed.
 */
final class MultiKeySplit {

    private static final RespValue OK = new RespValue.Simple("OK");
    private static final Map<String, Function<Plan, Function<List<RespValue>, RespValue>>> MERGES = Map.of(
            "mget", plan -> plan::valuesInKeyOrder,
            "mset", plan -> MultiKeySplit::allOk,
            "del", plan -> MultiKeySplit::sum,
            "unlink", plan -> MultiKeySplit::sum,
            "exists", plan -> MultiKeySplit::sum,
            "touch", plan -> MultiKeySplit::sum);

    private MultiKeySplit() {
    }

    static boolean handles(RespCommand command) {
        return MERGES.containsKey(command.name());
    }

    /** Splits and sends; takes ownership of {@code command}. {@code keys} are its key argument indexes. */
    static void run(ClusterRoute route, RespCommand command, int[] keys, ReplyCallback callback) {
        int argsPerKey = command.name().equals("mset") ? 2 : 1;
        if (argsPerKey == 2 && command.argCount() % 2 == 0) {
            // a key without its value: Redis's own check after the arity (-3) passed; a split would read past the end
            command.release();
            callback.onError(RespErrors.wrongArgs("mset"));
            return;
        }
        Plan plan = new Plan(keys.length);
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int k = 0; k < keys.length; k++) {
            bySlot.computeIfAbsent(SlotHash.slot(command.arg(keys[k])), s -> new ArrayList<>()).add(k);
        }
        Gather gather = new Gather(bySlot.size(), route.protocol(), callback,
                MERGES.get(command.name()).apply(plan));
        int part = 0;
        List<RespCommand> parts = new ArrayList<>(bySlot.size());
        for (List<Integer> ordinals : bySlot.values()) {
            byte[][] args = new byte[1 + ordinals.size() * argsPerKey][];
            args[0] = command.argBytes(0);
            int a = 1;
            for (int j = 0; j < ordinals.size(); j++) {
                int keyArg = keys[ordinals.get(j)];
                for (int i = 0; i < argsPerKey; i++) {
                    args[a++] = command.argBytes(keyArg + i);
                }
                plan.place(ordinals.get(j), part, j);
            }
            parts.add(RespCommand.of(args));
            part++;
        }
        command.release();
        int i = 0;
        for (Map.Entry<Integer, List<Integer>> slot : bySlot.entrySet()) {
            route.sendToSlot(slot.getKey(), parts.get(i), gather.part(i));
            i++;
        }
    }

    /** MSET's +OK; a part that answered anything else did not store its keys as asked. */
    private static RespValue allOk(List<RespValue> replies) {
        for (RespValue reply : replies) {
            if (!OK.equals(reply)) {
                throw new IllegalStateException("MSET answered " + reply);
            }
        }
        return OK;
    }

    private static RespValue sum(List<RespValue> replies) {
        long total = 0;
        for (RespValue reply : replies) {
            total += reply.asLong();
        }
        return new RespValue.Int(total);
    }

    /** Where each of the client's keys went: which part, and which position in that part's reply. */
    private static final class Plan {
        private final int[] part;
        private final int[] position;

        Plan(int keys) {
            part = new int[keys];
            position = new int[keys];
        }

        void place(int key, int inPart, int at) {
            part[key] = inPart;
            position[key] = at;
        }

        RespValue valuesInKeyOrder(List<RespValue> replies) {
            List<RespValue> values = new ArrayList<>(part.length);
            for (int k = 0; k < part.length; k++) {
                values.add(replies.get(part[k]).items().get(position[k]));
            }
            return new RespValue.Array(values);
        }
    }
}
