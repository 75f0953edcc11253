package io.rkproxy.core.route;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A tenant's keys on a cluster it shares with other tenants: the prefix goes in front of every key a command names
 * (found by the backend's key specs, and SORT's STORE destination, which they miss), of KEYS and SCAN MATCH patterns
 * (a SCAN without MATCH gets one), and of SORT's BY and GET patterns; it is taken off the keys that come back in
 * replies. (GEORADIUS reaches it as GEOSEARCHSTORE: see {@code GeoRadiusRewrite}.)
 */
final class KeyPrefix {

    private static final Set<String> WITH_PATTERNS = Set.of("keys", "scan", "sort", "sort_ro");
    private static final Set<String> POPS_NAMING_THE_KEY = Set.of("blpop", "brpop", "bzpopmin", "bzpopmax", "blmpop",
            "lmpop", "zmpop", "bzmpop");

    private final String prefix;
    private final NamePrefix names;

    KeyPrefix(String prefix) {
        this.prefix = prefix;
        this.names = new NamePrefix(prefix);
    }

    String prefix() {
        return prefix;
    }

    /** The SCAN MATCH pattern that finds every key of the tenant's. */
    byte[] allKeysPattern() {
        return names.addToPattern(new byte[] {'*'});
    }

    /** The tenant's name for a backend key. */
    byte[] strip(byte[] key) {
        byte[] own = names.strip(key);
        return own == null ? key : own;
    }

    /** The command as the backend must see it; does not take ownership of {@code command}. */
    RespCommand apply(CommandSpec effective, RespCommand command) {
        int[] keys = effective.keyIndexes(command);
        String name = command.name();
        if (keys.length == 0 && !WITH_PATTERNS.contains(name)) {
            return command.retain();
        }
        List<byte[]> args = new ArrayList<>(command.argCount() + 2);
        for (int i = 0; i < command.argCount(); i++) {
            args.add(command.argBytes(i));
        }
        for (int k : keys) {
            args.set(k, names.add(args.get(k)));
        }
        switch (name) {
            case "keys" -> args.set(1, names.addToPattern(args.get(1)));
            case "scan" -> scanMatch(args);
            case "sort", "sort_ro" -> sortPatterns(args, keys);
            default -> {
            }
        }
        return RespCommand.of(args.toArray(byte[][]::new));
    }

    /**
     * A SCAN sees only the tenant's keys: every MATCH pattern gains the prefix (Redis uses the last one, and SCAN
     * runs as the pool's user), and a SCAN without one gets one. Options come in pairs, as Redis reads them; with
     * one left without its value Redis answers a syntax error and scans nothing, so the command is left as it is.
     */
    private void scanMatch(List<byte[]> args) {
        if (args.size() % 2 != 0) {
            return;
        }
        boolean matched = false;
        for (int i = 2; i + 1 < args.size(); i += 2) {
            if (isWord(args.get(i), "match")) {
                args.set(i + 1, names.addToPattern(args.get(i + 1)));
                matched = true;
            }
        }
        if (!matched) {
            args.add("MATCH".getBytes(StandardCharsets.US_ASCII));
            args.add(allKeysPattern());
        }
    }

    /**
     * SORT's BY and GET patterns name keys (GET # is the element itself), and so does STORE's destination, which
     * Redis 7.0's key specs do not locate.
     */
    private void sortPatterns(List<byte[]> args, int[] keys) {
        int i = 2;
        while (i < args.size()) {
            byte[] arg = args.get(i);
            if ((isWord(arg, "by") || isWord(arg, "get")) && i + 1 < args.size()) {
                if (!(isWord(arg, "get") && isWord(args.get(i + 1), "#"))) {
                    args.set(i + 1, names.add(args.get(i + 1)));
                }
                i += 2;
            } else if (isWord(arg, "limit")) {
                i += 3;
            } else if (isWord(arg, "store") && i + 1 < args.size()) {
                addUnlessKey(args, keys, i + 1);
                i += 2;
            } else {
                i++;
            }
        }
    }

    /** Prefixes the argument at {@code index} unless the key specs found it, which had it prefixed already. */
    private void addUnlessKey(List<byte[]> args, int[] keys, int index) {
        if (Arrays.stream(keys).noneMatch(k -> k == index)) {
            args.set(index, names.add(args.get(index)));
        }
    }

    /**
     * A callback that takes the prefix off the keys in the reply to {@code command}, or {@code slot} itself when
     * that reply names no keys.
     */
    ReplyCallback stripping(RespCommand command, ReplyCallback slot, ReplyFormat session) {
        UnaryOperator<RespValue> strip = replyStripper(command);
        return strip == null ? slot : new RewritingCallback(slot, session, strip);
    }

    /** What takes the prefix off the keys in the reply to {@code command}; null when that reply names no keys. */
    UnaryOperator<RespValue> replyStripper(RespCommand command) {
        String name = command.name();
        UnaryOperator<RespValue> strip;
        if (name.equals("keys")) {
            strip = this::ownKeys;
        } else if (name.equals("scan")) {
            strip = reply -> reply.withItems(List.of(reply.items().get(0), ownKeys(reply.items().get(1))));
        } else if (POPS_NAMING_THE_KEY.contains(name)) {
            strip = reply -> replaceAt(reply, 0, stripOne(reply.items().get(0)));
        } else if (name.equals("xread") || name.equals("xreadgroup")) {
            strip = this::stripStreamNames;
        } else {
            return null;
        }
        return reply -> reply instanceof RespValue.Array || reply instanceof RespValue.Dict ? strip.apply(reply) : reply;
    }

    /** XREAD's reply: per stream its name and entries, as pairs in an array (RESP2) or a map (RESP3). */
    private RespValue stripStreamNames(RespValue reply) {
        List<RespValue> out = new ArrayList<>(reply.items().size());
        for (RespValue item : reply.items()) {
            if (reply instanceof RespValue.Array && item instanceof RespValue.Array stream) {
                out.add(replaceAt(stream, 0, stripOne(stream.items().get(0))));
            } else {
                out.add(reply instanceof RespValue.Dict && out.size() % 2 == 0 ? stripOne(item) : item);
            }
        }
        return reply.withItems(out);
    }

    /**
     * The tenant's names of the keys a listing found; a key without the prefix is left out. The pattern sent already
     * confines the listing, which runs as the pool's user: this is the second wall.
     */
    private RespValue ownKeys(RespValue keys) {
        List<RespValue> out = new ArrayList<>(keys.items().size());
        for (RespValue key : keys.items()) {
            byte[] own = key instanceof RespValue.Bulk bulk ? names.strip(bulk.bytes()) : null;
            if (own != null) {
                out.add(new RespValue.Bulk(own));
            }
        }
        return keys.withItems(out);
    }

    private RespValue stripOne(RespValue key) {
        return key instanceof RespValue.Bulk bulk ? new RespValue.Bulk(strip(bulk.bytes())) : key;
    }

    private static RespValue replaceAt(RespValue aggregate, int index, RespValue value) {
        List<RespValue> items = new ArrayList<>(aggregate.items());
        items.set(index, value);
        return aggregate.withItems(items);
    }

    private static boolean isWord(byte[] arg, String lowerCase) {
        return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(lowerCase);
    }
}
