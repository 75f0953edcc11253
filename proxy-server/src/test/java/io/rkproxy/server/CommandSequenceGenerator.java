package io.rkproxy.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Seeded random command sequences over a small key space, so that types collide and WRONGTYPE errors happen, with
 * arity errors, unknown commands and transactions mixed in. The same seed gives the same sequence. Plain keys
 * ({@link #PLAIN_KEYS}) spread over a cluster's slots; tagged keys ({@link #TAGGED_KEYS}) share one. Commands that
 * need their keys in one slot draw tagged keys only, except the read-only ones that probe CROSSSLOT.
 */
final class CommandSequenceGenerator {

    static final List<String> PLAIN_KEYS = List.of("k1", "k2", "k3", "k4", "k5", "k6");
    static final List<String> TAGGED_KEYS = List.of("{t}1", "{t}2", "{t}3", "{t}4");
    static final List<String> ALL_KEYS = Stream.concat(PLAIN_KEYS.stream(), TAGGED_KEYS.stream()).toList();

    private static final List<String> MEMBERS = List.of("a", "b", "c", "d", "e", "1", "2", "3", "10", "-5", "x y",
            "", "Palermo", "Catania");
    private static final List<String> VALUES = List.of("v", "hello", "12", "-3", "3.5", "", "1e3", "x\r\ny",
            "9223372036854775807", "abc", "nul\0byte", "gr\u00fc\u00dfe");
    /** Long arguments for unknown commands, whose error quotes 128 bytes of them: ASCII, and two bytes a character. */
    private static final List<String> LONG_ARGUMENTS = List.of("y".repeat(200), "\u00fc".repeat(100));
    private static final List<String> SCORES = List.of("1", "2", "2.5", "-1", "0", "+inf", "-inf", "1e2", "x");
    private static final List<String> UNKNOWN_NAMES = List.of("FOO", "GETT", "xyzzy", "SET2", "HGETALLL");
    /** 2100-01-01T00:00:00Z: far enough ahead that an absolute expiry never passes during a run. */
    private static final long FAR_FUTURE_SECONDS = 4_102_444_800L;

    private final Random random;
    private boolean inTransaction;
    private long streamMillis = 1;

    CommandSequenceGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** About {@code count} commands (a transaction is several), then a read-back of every key. */
    List<List<String>> sequence(int count) {
        List<List<String>> commands = new ArrayList<>();
        while (commands.size() < count) {
            if (random.nextInt(40) == 0) {
                commands.addAll(transaction());
            } else {
                commands.add(mutated(command()));
            }
        }
        commands.addAll(readBack());
        return commands;
    }

    private List<String> command() {
        List<Function<CommandSequenceGenerator, List<String>>> forms = CommandForms.ALL;
        return forms.get(random.nextInt(forms.size())).apply(this);
    }

    /** Sometimes an arity error, an unknown command, or a name in another case. */
    private List<String> mutated(List<String> command) {
        int dice = random.nextInt(100);
        if (dice < 3 && command.size() > 1) {
            return command.subList(0, 1 + random.nextInt(command.size() - 1));
        }
        if (dice < 5) {
            List<String> unknown = new ArrayList<>(command);
            unknown.set(0, pick(UNKNOWN_NAMES));
            if (random.nextBoolean()) {
                unknown.add(pick(LONG_ARGUMENTS));
            }
            return unknown;
        }
        if (dice < 15) {
            List<String> renamed = new ArrayList<>(command);
            renamed.set(0, random.nextBoolean() ? command.get(0).toLowerCase(Locale.ROOT)
                    : command.get(0).charAt(0) + command.get(0).substring(1).toLowerCase(Locale.ROOT));
            return renamed;
        }
        return command;
    }

    /**
     * MULTI, a few commands on tagged keys (now and then a refused one, which aborts EXEC), then EXEC or DISCARD;
     * sometimes under a WATCH that the session's own write breaks.
     */
    private List<List<String>> transaction() {
        List<List<String>> commands = new ArrayList<>();
        String watched = pick(TAGGED_KEYS);
        boolean watch = random.nextInt(3) == 0;
        if (watch) {
            commands.add(List.of("WATCH", watched));
            if (random.nextBoolean()) {
                commands.add(List.of("SET", watched, "touched"));
            }
        }
        commands.add(List.of("MULTI"));
        inTransaction = true;
        int queued = 1 + random.nextInt(4);
        for (int i = 0; i < queued; i++) {
            List<String> command = command();
            while (!ReplyNormalisation.isExact(command.get(0)) || !CommandForms.FIT_FOR_TRANSACTIONS.test(command)) {
                command = command();
            }
            commands.add(random.nextInt(12) == 0 ? mutated(command) : command);
        }
        inTransaction = false;
        commands.add(List.of(random.nextInt(5) == 0 ? "DISCARD" : "EXEC"));
        return commands;
    }

    /** Every key read back in every type's way (the wrong ones answer WRONGTYPE), and the key space as a whole. */
    private static List<List<String>> readBack() {
        List<List<String>> commands = new ArrayList<>();
        for (String key : ALL_KEYS) {
            commands.add(List.of("TYPE", key));
            commands.add(List.of("OBJECT", "ENCODING", key));
            commands.add(List.of("PEXPIRETIME", key));
            commands.add(List.of("GET", key));
            commands.add(List.of("LRANGE", key, "0", "-1"));
            commands.add(List.of("HGETALL", key));
            commands.add(List.of("SMEMBERS", key));
            commands.add(List.of("ZRANGE", key, "0", "-1", "WITHSCORES"));
            commands.add(List.of("XRANGE", key, "-", "+"));
        }
        commands.add(List.of("DBSIZE"));
        commands.add(List.of("KEYS", "*"));
        return commands;
    }

    // --- what the forms draw from ---

    /** Any key; a tagged one inside a transaction, which must stay in one slot on a cluster. */
    String key() {
        return inTransaction ? tag() : pick(ALL_KEYS);
    }

    String tag() {
        return pick(TAGGED_KEYS);
    }

    /** One to three keys. */
    List<String> keys() {
        return repeat(this::key);
    }

    List<String> tags() {
        return repeat(this::tag);
    }

    String member() {
        return pick(MEMBERS);
    }

    List<String> members() {
        return repeat(this::member);
    }

    String value() {
        return pick(VALUES);
    }

    String score() {
        return pick(SCORES);
    }

    /** A small integer, sometimes negative, now and then not an integer at all. */
    String integer() {
        return random.nextInt(20) == 0 ? "x" : Integer.toString(random.nextInt(16) - 4);
    }

    String count() {
        return Integer.toString(random.nextInt(5));
    }

    String scoreBound() {
        return pick(List.of("-inf", "+inf", "(1", "2", "(2.5", "0", "x"));
    }

    String lexBound() {
        return pick(List.of("-", "+", "[a", "(c", "[x y", "b"));
    }

    /** An absolute expiry in seconds, so that EXPIRETIME is the same on both servers. */
    String expirySeconds() {
        return Long.toString(FAR_FUTURE_SECONDS + random.nextInt(100));
    }

    String expiryMillis() {
        return Long.toString(FAR_FUTURE_SECONDS * 1000 + random.nextInt(100_000));
    }

    /** Mostly increasing explicit stream IDs, now and then an old, zero, half-automatic or malformed one. */
    String streamId() {
        int dice = random.nextInt(20);
        if (dice == 0) {
            return "0-0";
        }
        if (dice == 1) {
            return "bad";
        }
        if (dice == 2) {
            return streamMillis + "-*";
        }
        if (dice < 5) {
            return (random.nextInt((int) streamMillis) + 1) + "-" + random.nextInt(3);
        }
        streamMillis += random.nextInt(3);
        return streamMillis + "-" + random.nextInt(3);
    }

    /** A longitude and a latitude, now and then out of range. */
    List<String> lonLat() {
        return pick(List.of(List.of("13.361389", "38.115556"), List.of("15.087269", "37.502669"),
                List.of("2.3522", "48.8566"), List.of("200", "100")));
    }

    String oneOf(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The words, or nothing, half of the time each. */
    List<String> maybe(String... words) {
        return random.nextBoolean() ? List.of(words) : List.of();
    }

    List<String> maybe(List<String> words) {
        return random.nextBoolean() ? words : List.of();
    }

    boolean chance(int outOf) {
        return random.nextInt(outOf) == 0;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private List<String> repeat(Supplier<String> one) {
        List<String> all = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            all.add(one.get());
        }
        return all;
    }

    /** A command from words, lists of words and empty lists. */
    static List<String> cmd(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Collection<?> words) {
                words.forEach(w -> args.add((String) w));
            } else {
                args.add((String) part);
            }
        }
        return args;
    }
}
