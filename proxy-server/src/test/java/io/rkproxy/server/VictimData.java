package io.rkproxy.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The victim's data, and what an attacker could guess of it. Everything secret carries one random token: values are
 * canaries ({@code VICTIM-CANARY-<token>-...}) and hidden keys and channels have the token in their names, which no
 * probe ever sends. So a reply to the attacker that holds the token is a leak, whatever the command.
 *
 * <p>The guessable keys share the hash tag {@code {v}}, so that on a cluster they live in one slot and a script
 * anchored there runs on their master; the hidden keys have tags of their own, to be spread over every master.
 */
final class VictimData {

    static final String STRING = "{v}string";
    static final String DESTINATION = "{v}dest";
    /** A number, for INCR and its kind, which fail on anything else; it cannot hold the token. */
    static final String COUNTER = "{v}counter";
    static final String ANCHOR = "{v}anchor";
    static final String CHANNEL = "news";
    static final String SHARD_CHANNEL = "{v}snews";
    static final String PATTERN = "n*";
    static final String GROUP = "vgroup";
    static final String CONSUMER = "vconsumer";
    static final String STREAM_ID = "1-1";
    private static final int HIDDEN_KEYS = 10;

    private final String token;

    private VictimData(String token) {
        this.token = token;
    }

    static VictimData random() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return new VictimData(HexFormat.of().formatHex(bytes));
    }

    /** The token that marks everything secret: no reply to the attacker may hold it. */
    String token() {
        return token;
    }

    String canary(String what) {
        return "VICTIM-CANARY-" + token + "-" + what;
    }

    List<String> hiddenKeys() {
        return IntStream.range(0, HIDDEN_KEYS).mapToObj(i -> "hidden-" + token + "-" + i + "{h" + i + "}").toList();
    }

    String hiddenChannel() {
        return "hidden-" + token + "-channel";
    }

    /** The channels the victim subscribes to by name. */
    List<String> subscribedChannels() {
        return List.of(CHANNEL, hiddenChannel());
    }

    /** The victim's script: it returns a canary, so whoever manages to run it reads one. */
    String scriptBody() {
        return "return '" + canary("script") + "'";
    }

    /** The key of each type the probe uses for a command of a {@code COMMAND DOCS} group. */
    static String keyOfGroup(String group) {
        return switch (group) {
            case "list" -> "{v}list";
            case "hash" -> "{v}hash";
            case "set" -> "{v}set";
            case "sorted-set" -> "{v}zset";
            case "geo" -> "{v}geo";
            case "stream" -> "{v}stream";
            case "hyperloglog" -> "{v}hll";
            default -> STRING;
        };
    }

    /**
     * Commands that write a set of keys of every type: {@code key} turns a name into the one the commands must name,
     * and every value starts with {@code stem}. The victim's are canaries; the attacker's own home gets the same
     * names with harmless values, so that probes work on real keys of the right types.
     */
    static List<List<String>> writes(UnaryOperator<String> key, String stem) {
        String stream = key.apply("{v}stream");
        return List.of(
                List.of("SET", key.apply(STRING), stem + "-string"),
                List.of("SET", key.apply(DESTINATION), stem + "-dest"),
                List.of("SET", key.apply(COUNTER), "1000"),
                List.of("SET", key.apply("{v}ttl"), stem + "-ttl", "PX", "100000000"),
                List.of("RPUSH", key.apply("{v}list"), "e", stem + "-list"),
                List.of("HSET", key.apply("{v}hash"), "f", stem + "-hash", "g", stem + "-hash-g", "n", "1000"),
                List.of("SADD", key.apply("{v}set"), "m", stem + "-set"),
                List.of("ZADD", key.apply("{v}zset"), "1", "m", "2", stem + "-zset"),
                List.of("GEOADD", key.apply("{v}geo"), "13.361389", "38.115556", "m", "15.087269", "37.502669",
                        stem + "-geo"),
                List.of("PFADD", key.apply("{v}hll"), stem + "-hll-a", stem + "-hll-b"),
                List.of("XADD", stream, STREAM_ID, "f", stem + "-stream-1"),
                List.of("XADD", stream, "1-2", "f", stem + "-stream-2"),
                List.of("XGROUP", "CREATE", stream, GROUP, "0"),
                List.of("XREADGROUP", "GROUP", GROUP, CONSUMER, "COUNT", "1", "STREAMS", stream, ">"));
    }

    /** The victim's data as the victim names it, plus the hidden keys. */
    List<List<String>> victimWrites(UnaryOperator<String> key) {
        List<List<String>> writes = new ArrayList<>(writes(key, canary("value")));
        hiddenKeys().forEach(hidden -> writes.add(List.of("SET", key.apply(hidden), canary("hidden"))));
        return writes;
    }
}
