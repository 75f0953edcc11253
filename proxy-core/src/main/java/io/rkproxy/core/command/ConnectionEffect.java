package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;

/** What a command does to the state of the backend connection it runs on, which decides where it may run. */
public enum ConnectionEffect {
    /** Stateless: any connection will do. */
    NONE,
    /** Holds the connection until it returns: BLPOP and the other blocking commands, XREAD BLOCK, WAIT. */
    BLOCKS,
    /** MULTI: the connection queues what follows. */
    STARTS_TRANSACTION,
    /** EXEC or DISCARD: ends the transaction and forgets watched keys. */
    ENDS_TRANSACTION,
    /** WATCH: the connection remembers keys until EXEC, DISCARD or UNWATCH. */
    WATCHES,
    /** UNWATCH. */
    UNWATCHES;

    /** Whether the command needs a connection of the session's own. */
    public boolean needsPinnedConnection() {
        return this == BLOCKS || this == STARTS_TRANSACTION || this == WATCHES;
    }

    public static ConnectionEffect of(CommandSpec spec, RespCommand command) {
        switch (spec.name()) {
            case "multi":
                return STARTS_TRANSACTION;
            case "exec", "discard":
                return ENDS_TRANSACTION;
            case "watch":
                return WATCHES;
            case "unwatch":
                return UNWATCHES;
            case "wait", "waitaof":
                return BLOCKS;
            case "xread", "xreadgroup":
                return hasBlockOption(command) ? BLOCKS : NONE;
            default:
                return spec.inCategory(AclCategory.BLOCKING) ? BLOCKS : NONE;
        }
    }

    /**
     * Reads XREAD's and XREADGROUP's options up to STREAMS as Redis does, in any order: {@code BLOCK ms},
     * {@code COUNT n}, {@code GROUP group consumer}, {@code NOACK}. Group and consumer names and counts are never
     * taken for options, and a BLOCK anywhere before STREAMS blocks.
     */
    private static boolean hasBlockOption(RespCommand command) {
        int i = 1;
        while (i < command.argCount()) {
            int more = command.argCount() - i - 1;
            if (command.argEqualsIgnoreCase(i, "block") && more > 0) {
                return true;
            } else if (command.argEqualsIgnoreCase(i, "count") && more > 0) {
                i += 2;
            } else if (command.argEqualsIgnoreCase(i, "group") && more >= 2) {
                i += 3;
            } else if (command.argEqualsIgnoreCase(i, "noack")) {
                i += 1;
            } else {
                return false;
            }
        }
        return false;
    }
}
