package io.rkproxy.server;

import java.util.List;

/**
 * One argument of a command as the backend's {@code COMMAND DOCS} describes it: its name, its type ({@code key},
 * {@code pattern}, {@code integer}, {@code double}, {@code string}, {@code unix-time}, {@code pure-token},
 * {@code oneof}, {@code block}), the token that introduces it, its flags, and for {@code oneof} and {@code block}
 * the arguments inside.
 */
record CommandArgument(String name, String type, String token, boolean optional, boolean multiple,
                       boolean multipleToken, List<CommandArgument> children) {

    boolean isPureToken() {
        return type.equals("pure-token");
    }

    boolean isOneOf() {
        return type.equals("oneof");
    }

    boolean isBlock() {
        return type.equals("block");
    }

    boolean hasToken() {
        return token != null;
    }

    /** An option a client may repeat with another value: a multiple argument, or an optional one with a token. */
    boolean isRepeatable() {
        return !isPureToken() && (multiple || optional && hasToken());
    }

    /** Whether this argument is or holds a key name. */
    boolean holdsKey() {
        return type.equals("key") || children.stream().anyMatch(CommandArgument::holdsKey);
    }
}
