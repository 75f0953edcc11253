package io.rkproxy.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The replies whose exact bytes neither server promises, made comparable before the byte-for-byte check; every other
 * reply is compared as it came. (SCAN is compared another way: {@link DifferentialRun} walks it to the end.)
 */
final class ReplyNormalisation {

    /**
     * Element order is hash table order: Redis 7.0 keeps a set of strings in a hash table seeded at random per
     * process, and a cluster's KEYS gathers several nodes' key spaces. Compared sorted.
     */
    private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "KEYS");
    /** SSCAN's members, the second element of its reply, are in hash table order too. */
    private static final String UNORDERED_SECOND = "SSCAN";
    /**
     * HSCAN's fields and ZSCAN's members with their scores come in listpack order while the value is small, but in
     * hash table order once it is stored as a hash table or skiplist: compared as sorted pairs. (OBJECT ENCODING is
     * compared exactly, elsewhere in the sequences.)
     */
    private static final Set<String> UNORDERED_PAIRS_SECOND = Set.of("HSCAN", "ZSCAN");
    /**
     * Time left differs by however long each server took to get there: a positive TTL or PTTL is compared as
     * {@code :positive}. EXPIRETIME and PEXPIRETIME, set from absolute times only, are compared exactly.
     */
    private static final Set<String> TIME_LEFT = Set.of("TTL", "PTTL");

    private ReplyNormalisation() {
    }

    /** Whether a command's reply is compared as it came, so that it may also be queued in a transaction. */
    static boolean isExact(String command) {
        String name = command.toUpperCase(Locale.ROOT);
        return !UNORDERED.contains(name) && !TIME_LEFT.contains(name) && !name.equals(UNORDERED_SECOND)
                && !UNORDERED_PAIRS_SECOND.contains(name);
    }

    static RawReply normalise(List<String> command, RawReply reply) {
        String name = command.get(0).toUpperCase(Locale.ROOT);
        if (reply.isError()) {
            return reply;
        }
        if (UNORDERED.contains(name)) {
            return reply.sorted();
        }
        if (name.equals(UNORDERED_SECOND) && reply.items().size() == 2) {
            return reply.withItem(1, reply.items().get(1).sorted());
        }
        if (UNORDERED_PAIRS_SECOND.contains(name) && reply.items().size() == 2) {
            return reply.withItem(1, reply.items().get(1).sortedPairs());
        }
        if (TIME_LEFT.contains(name) && reply.bytes()[0] == ':' && Long.parseLong(reply.line()) > 0) {
            return RawReply.simple(":positive");
        }
        return reply;
    }
}
