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
            case "xread":
                return hasBlockOption(command, 1) ? BLOCKS : NONE;
            case "xreadgroup":
                return hasBlockOption(command, 4) ? BLOCKS : NONE;
            default:
                return spec.inCategory(AclCategory.BLOCKING) ? BLOCKS : NONE;
        }
    }

    /**
     * Walks XREAD's options ({@code COUNT n}, {@code BLOCK ms}, {@code NOACK}) up to STREAMS, starting after the
     * command name and, for XREADGROUP, after {@code GROUP group consumer}: names and counts are never options.
     */
    private static boolean hasBlockOption(RespCommand command, int firstOption) {
        int i = firstOption;
        while (i < command.argCount()) {
            if (command.argEqualsIgnoreCase(i, "block")) {
                return true;
            }
            if (command.argEqualsIgnoreCase(i, "count")) {
                i += 2;
            } else if (command.argEqualsIgnoreCase(i, "noack")) {
                i += 1;
            } else {
                return false;
            }
        }
        return false;
    }
}
