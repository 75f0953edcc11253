package io.rkproxy.core.command;

import java.util.Locale;

/** Redis's ACL command categories, as a bit set so that policy checks cost one AND. */
public enum AclCategory {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN,
    FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    /**
     * The mask of {@code @all}: every command, including those in categories newer than this proxy. The proxy's own
     * refusals (server-wide commands, script administration) still apply.
     */
    public static final long ALL = -1L;

    public long bit() {
        return 1L << ordinal();
    }

    /**
     * The bits of the named categories ({@code "@read"} or {@code "read"}), or {@link #ALL} for {@code "@all"}; names
     * Redis may add later are ignored.
     */
    public static long mask(Iterable<String> names) {
        long mask = 0;
        for (String name : names) {
            String bare = name.startsWith("@") ? name.substring(1) : name;
            if (bare.equalsIgnoreCase("all")) {
                return ALL;
            }
            try {
                mask |= valueOf(bare.toUpperCase(Locale.ROOT)).bit();
            } catch (IllegalArgumentException unknown) {
                // a category newer than this proxy: no policy refers to it
            }
        }
        return mask;
    }

    public static long mask(AclCategory... categories) {
        long mask = 0;
        for (AclCategory c : categories) {
            mask |= c.bit();
        }
        return mask;
    }
}
