package io.rkproxy.redis.cluster;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Keyless commands whose answer covers the whole keyspace or every node: sent to every master, the replies merged
 * as one Redis would have given. KEYS and the PUBSUB and FUNCTION listings are unions, DBSIZE and the counts are
 * sums, FLUSHDB, SCRIPT LOAD and FLUSH and FUNCTION LOAD, DELETE, FLUSH and RESTORE succeed only where every master
 * did (so EVALSHA and FCALL work wherever a script's keys land), SCRIPT EXISTS says 1 only for a script every master
 * has, RANDOMKEY picks among the masters' picks.
 */
final class FanOut {

    private static final Map<String, Function<List<RespValue>, RespValue>> MERGES = Map.ofEntries(
            Map.entry("keys", FanOut::concat),
            Map.entry("dbsize", FanOut::sum),
            Map.entry("flushdb", FanOut::first),
            Map.entry("script|load", FanOut::first),
            Map.entry("script|exists", FanOut::everywhere),
            Map.entry("script|flush", FanOut::first),
            Map.entry("function|load", FanOut::first),
            Map.entry("function|delete", FanOut::first),
            Map.entry("function|flush", FanOut::first),
            Map.entry("function|restore", FanOut::first),
            Map.entry("function|list", FanOut::libraries),
            Map.entry("randomkey", FanOut::anyNonNull),
            Map.entry("pubsub|channels", FanOut::union),
            Map.entry("pubsub|shardchannels", FanOut::union),
            Map.entry("pubsub|numsub", FanOut::sumPairs),
            Map.entry("pubsub|shardnumsub", FanOut::sumPairs),
            Map.entry("pubsub|numpat", FanOut::sum));

    private static final Set<String> KEYSPACE_QUERIES = Set.of("keys", "dbsize", "randomkey");

    private FanOut() {
    }

    static boolean handles(RespCommand command) {
        return MERGES.containsKey(key(command));
    }

    /** Whether the answer to {@code command} covers every master: one of these, or SCAN ({@link ClusterScan}). */
    static boolean coversEveryMaster(RespCommand command) {
        return handles(command) || command.name().equals("scan");
    }

    /** The error for such a command queued in a transaction, which runs on one master. */
    static String notInTransaction(RespCommand command) {
        return "CROSSSLOT '" + key(command) + "' covers every master of the cluster, and a transaction runs on one "
                + "(context='within MULTI'): rkproxy refuses it there rather than answer for one master's keys";
    }

    /** Sends a copy to every master; takes ownership of {@code command}. */
    static void run(ClusterRoute route, SlotTable table, RespCommand command, ReplyCallback callback) {
        List<Address> masters = table.mastersInSlotOrder();
        Gather gather = new Gather(masters.size(), route.protocol(), callback, MERGES.get(key(command)));
        boolean listsKeys = KEYSPACE_QUERIES.contains(command.name());
        for (int i = 0; i < masters.size(); i++) {
            RespCommand copy = i == masters.size() - 1 ? command : command.retain();
            if (listsKeys) {
                route.sendKeyspaceQuery(masters.get(i), copy, gather.part(i));
            } else {
                route.sendTo(masters.get(i), copy, gather.part(i));
            }
        }
    }

    private static String key(RespCommand command) {
        String name = command.name();
        if ((name.equals("script") || name.equals("function") || name.equals("pubsub")) && command.argCount() > 1) {
            return name + "|" + command.argString(1).toLowerCase(Locale.ROOT);
        }
        return name;
    }

    private static RespValue concat(List<RespValue> replies) {
        List<RespValue> all = new ArrayList<>();
        replies.forEach(r -> all.addAll(r.items()));
        return new RespValue.Array(all);
    }

    private static RespValue union(List<RespValue> replies) {
        LinkedHashSet<RespValue> all = new LinkedHashSet<>();
        replies.forEach(r -> all.addAll(r.items()));
        return new RespValue.Array(new ArrayList<>(all));
    }

    /**
     * FUNCTION LIST: each library once, by name. Masters list a library's functions in their own dict order, so
     * the same library is not always the same reply from two of them.
     */
    private static RespValue libraries(List<RespValue> replies) {
        Map<String, RespValue> byName = new LinkedHashMap<>();
        replies.forEach(r -> r.items().forEach(library -> {
            RespValue name = library.fields().get("library_name");
            byName.putIfAbsent(name == null ? library.toString() : name.asText(), library);
        }));
        return new RespValue.Array(new ArrayList<>(byName.values()));
    }

    private static RespValue sum(List<RespValue> replies) {
        return new RespValue.Int(replies.stream().mapToLong(RespValue::asLong).sum());
    }

    private static RespValue first(List<RespValue> replies) {
        return replies.get(0);
    }

    private static RespValue everywhere(List<RespValue> replies) {
        List<RespValue> out = new ArrayList<>(replies.get(0).items());
        for (RespValue reply : replies) {
            List<RespValue> items = reply.items();
            for (int i = 0; i < out.size(); i++) {
                if (items.get(i).asLong() == 0) {
                    out.set(i, new RespValue.Int(0));
                }
            }
        }
        return new RespValue.Array(out);
    }

    private static RespValue anyNonNull(List<RespValue> replies) {
        List<RespValue> keys = replies.stream().filter(r -> !(r instanceof RespValue.Null)).toList();
        return keys.isEmpty() ? RespValue.NULL : keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
    }

    private static RespValue sumPairs(List<RespValue> replies) {
        Map<RespValue, Long> counts = new LinkedHashMap<>();
        for (RespValue reply : replies) {
            List<RespValue> items = reply.items();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                counts.merge(items.get(i), items.get(i + 1).asLong(), Long::sum);
            }
        }
        List<RespValue> out = new ArrayList<>();
        counts.forEach((channel, n) -> {
            out.add(channel);
            out.add(new RespValue.Int(n));
        });
        return new RespValue.Array(out);
    }
}
