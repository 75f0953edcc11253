package io.rkproxy.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.commands.ProtocolCommand;

/** Jedis's untyped replies, and untyped commands, for the operator's side of the probe. */
final class JedisReplies {

    private JedisReplies() {
    }

    /** A reply as text: bulks as ISO-8859-1 (bytes kept), arrays as their elements on lines, the rest as is. */
    static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (reply instanceof List<?> items) {
            return items.stream().map(JedisReplies::text).collect(Collectors.joining("\n"));
        }
        return String.valueOf(reply);
    }

    static ProtocolCommand command(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }

    static String[] args(List<String> command) {
        return command.subList(1, command.size()).toArray(String[]::new);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
