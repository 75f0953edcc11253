package io.rkproxy.server;

import io.rkproxy.core.command.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The documented ways in which rkproxy's reply may differ from a plain redis-server's, each by name, with the reason
 * and an exact test of the exchanges it covers. {@link DifferentialRun} fails on any difference none of them covers.
 */
enum KnownDifference {

    /**
     * On a cluster pool only MGET, MSET, DEL, UNLINK, EXISTS, TOUCH and XREAD without BLOCK are split, and SINTER,
     * SUNION, SDIFF, ZUNION, ZINTER, ZDIFF and PFCOUNT computed, across slots; other multi-key commands need one slot, as in Redis Cluster
     * (docs/commands.md, "one slot"). Redis Cluster checks the slots of the keys its key specs find before the
     * command's own syntax, and so does the proxy. The generator sends only read-only commands across slots this way,
     * so both servers' data stay alike.
     */
    CROSSSLOT_FOR_COMMANDS_NOT_SPLIT {
        @Override
        boolean covers(Exchange e) {
            return e.pool() == PoolKind.CLUSTER && e.proxySays("-CROSSSLOT Keys in request don't hash to the same slot")
                    && e.keysSpanSlots();
        }
    },

    /**
     * Redis Cluster's own rule, which holds behind the proxy: SORT's GET and BY patterns name other keys, which may
     * live on other nodes (docs/commands.md, "On a cluster pool").
     */
    SORT_GET_OR_BY_DENIED_IN_CLUSTER_MODE {
        @Override
        boolean covers(Exchange e) {
            return e.pool() == PoolKind.CLUSTER && (e.named("SORT") || e.named("SORT_RO"))
                    && (e.proxySays("-ERR GET option of SORT denied in Cluster mode.")
                    || e.proxySays("-ERR BY option of SORT denied in Cluster mode."));
        }
    },

    /**
     * Redis cuts the quoted arguments of an unknown command at 128 bytes even inside a UTF-8 character, leaving
     * invalid UTF-8 in its error; rkproxy's error texts are strings, so its text stops before that character.
     */
    UNKNOWN_COMMAND_TEXT_STOPS_BEFORE_A_CHARACTER_REDIS_CUTS {
        @Override
        boolean covers(Exchange e) {
            return e.reference().line().startsWith("ERR unknown command '")
                    && Arrays.equals(Utf8.withoutCutCharacters(e.reference().bytes()), e.proxy().bytes());
        }
    };

    abstract boolean covers(Exchange e);

    static KnownDifference covering(Exchange e) {
        for (KnownDifference d : values()) {
            if (d.covers(e)) {
                return d;
            }
        }
        return null;
    }

    /**
     * One command and both servers' replies to it, or a queued command's replies within EXEC's ({@code inExec});
     * where to find its keys.
     */
    record Exchange(PoolKind pool, String keyPrefix, List<String> command, RawReply reference, RawReply proxy,
                    boolean inExec, CommandKeys keys) {

        boolean proxySays(String line) {
            return proxy.sameBytes(RawReply.simple(line));
        }

        boolean named(String name) {
            return command.get(0).equalsIgnoreCase(name);
        }

        /** Whether the command's keys, as Redis finds them, hash to more than one slot under the tenant's prefix. */
        boolean keysSpanSlots() {
            return keys.of(command).stream().map(k -> SlotHash.slot((keyPrefix + k).getBytes(StandardCharsets.UTF_8)))
                    .distinct().count() > 1;
        }
    }
}
