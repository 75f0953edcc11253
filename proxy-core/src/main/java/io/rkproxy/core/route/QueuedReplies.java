package io.rkproxy.core.route;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The key-prefix stripping owed to the commands a key-prefixed tenant queued in a transaction: their replies come in
 * EXEC's, one element each, in the order they were queued. Used only from the session's event loop.
 */
final class QueuedReplies {

    /** Per queued command, what takes the prefix off its reply; null for a reply that names no key. */
    private final List<UnaryOperator<RespValue>> strippers = new ArrayList<>();
    private boolean anyStripper;

    void queued(UnaryOperator<RespValue> stripper) {
        strippers.add(stripper);
        anyStripper |= stripper != null;
    }

    /** The transaction began or was discarded: nothing is owed. */
    void clear() {
        strippers.clear();
        anyStripper = false;
    }

    /** EXEC's slot, with each element of its reply stripped as its command's own reply would be. */
    ReplyCallback exec(ReplyCallback slot, ReplyFormat session) {
        if (!anyStripper) {
            clear();
            return slot;
        }
        List<UnaryOperator<RespValue>> owed = new ArrayList<>(strippers);
        clear();
        return new RewritingCallback(slot, session, reply -> reply instanceof RespValue.Array results
                && results.items().size() == owed.size() ? results.withItems(stripped(results.items(), owed)) : reply);
    }

    private static List<RespValue> stripped(List<RespValue> results, List<UnaryOperator<RespValue>> owed) {
        List<RespValue> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            UnaryOperator<RespValue> strip = owed.get(i);
            out.add(strip == null ? results.get(i) : strip.apply(results.get(i)));
        }
        return out;
    }
}
