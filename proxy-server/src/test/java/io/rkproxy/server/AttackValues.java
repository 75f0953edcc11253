package io.rkproxy.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the attacker passes for each argument of a command, chosen by the argument's type and name in
 * {@code COMMAND DOCS}: the victim's key names (as the victim names them and, on a cluster, as the backend does),
 * patterns, the victim's db index, channels, script SHA1s, client id and address; tiny timeouts, so that nothing
 * blocks for long. An argument this table does not know gets a plain value of its type, so a command of a newer
 * Redis is probed all the same.
 */
final class AttackValues {

    /** Stands for the form's id in a published message, so that a message that got through names its form. */
    static final String FORM_ID = "{form}";
    /** Stands for the way the form was sent. */
    static final String DELIVERY = "{delivery}";
    /**
     * Stands before the attacker's own key names: nothing where the proxy adds the attacker's prefix, the prefix in
     * a script, which reaches the backend with names as they are.
     */
    static final String OWN = "{own}";
    static final String MESSAGE_PREFIX = "probe-msg-";

    private static final Set<String> DESTINATIONS = Set.of("destination", "destkey", "dst", "newkey", "key2");

    /** What the attacker knows of the victim that only shows once both are connected. */
    record VictimFacts(long clientId, String address, List<String> scriptShas, int backendPort,
                       String restorePayload) {
    }

    private final PoolKind kind;
    private final ProbeTenant attacker;
    private final ProbeTenant victim;
    private final VictimFacts facts;
    /** Unix times well in the future, fixed once so that equal forms stay equal. */
    private final String futureSeconds;
    private final String futureMillis;

    AttackValues(PoolKind kind, ProbeTenant attacker, ProbeTenant victim, VictimFacts facts) {
        this.kind = kind;
        this.attacker = attacker;
        this.victim = victim;
        this.facts = facts;
        long now = System.currentTimeMillis();
        this.futureSeconds = Long.toString(now / 1000 + 1_000_000L);
        this.futureMillis = Long.toString(now + 1_000_000_000L);
    }

    ArgumentValues of(ProbedCommand command, CommandArgument argument) {
        return switch (argument.type()) {
            case "key" -> keys(command, argument);
            case "pattern" -> ArgumentValues.of("pattern", OWN + "{v}*", "*", victim.channelPrefix() + "*");
            case "integer" -> integer(argument);
            case "double" -> ArgumentValues.fixed(switch (argument.name()) {
                case "timeout" -> "0.01";
                case "latitude" -> "38.1";
                case "longitude" -> "13.3";
                case "min" -> "-inf";
                case "max" -> "+inf";
                case "radius", "width", "height" -> "500";
                default -> "1";
            });
            case "unix-time" -> ArgumentValues.fixed(argument.name().contains("milliseconds") ? futureMillis
                    : futureSeconds);
            default -> string(command, argument);
        };
    }

    /**
     * The victim's key of the command's type as the victim names it, on a cluster also as the backend does, and a
     * key named like one of the command's own option words, which a parser may take for the option.
     */
    private ArgumentValues keys(ProbedCommand command, CommandArgument argument) {
        String name = keyName(command, argument);
        List<String> malicious = new ArrayList<>(List.of(name));
        if (kind == PoolKind.CLUSTER) {
            malicious.add(victim.backendKey(name));
        }
        command.tokens().stream().findFirst().ifPresent(malicious::add);
        return new ArgumentValues("key", OWN + name, malicious);
    }

    /**
     * A key of the type the command works on, so that it does something: a number for INCR and its kind, and for a
     * destination a key of the source's type (another string, or the source itself).
     */
    private static String keyName(ProbedCommand command, CommandArgument argument) {
        String typed = VictimData.keyOfGroup(command.group());
        if (counts(command) && typed.equals(VictimData.STRING)) {
            return VictimData.COUNTER;
        }
        if (DESTINATIONS.contains(argument.name())) {
            return typed.equals(VictimData.STRING) ? VictimData.DESTINATION : typed;
        }
        return typed;
    }

    private static boolean counts(ProbedCommand command) {
        return command.name().contains("incr") || command.name().contains("decr");
    }

    private ArgumentValues integer(CommandArgument argument) {
        String name = argument.name();
        if (namesADb(name)) {
            return ArgumentValues.of("db", "0", Integer.toString(kind == PoolKind.STANDALONE ? victim.db() : 1), "0");
        }
        return switch (name) {
            case "timeout" -> ArgumentValues.fixed("1");
            case "ttl", "min-idle-time" -> ArgumentValues.fixed("0");
            case "milliseconds" -> ArgumentValues.fixed(argument.token() != null
                    && argument.token().equals("BLOCK") ? "1" : "100000000");
            case "seconds" -> ArgumentValues.fixed("100000");
            case "port" -> ArgumentValues.fixed(Integer.toString(facts.backendPort()));
            case "client-id" -> ArgumentValues.of("client", "0", Long.toString(facts.clientId()));
            case "cursor", "start", "offset", "numreplicas", "slot" -> ArgumentValues.fixed("0");
            case "stop", "end" -> ArgumentValues.fixed("-1");
            case "count" -> ArgumentValues.fixed("2");
            case "protover" -> ArgumentValues.of("protocol", "2", "3");
            default -> ArgumentValues.fixed("1");
        };
    }

    /**
     * Whether an integer may be a db index: SELECT's and SWAPDB's {@code index}, COPY's {@code destination-db},
     * MOVE's {@code db}, and any a newer command names so.
     */
    private static boolean namesADb(String name) {
        return name.startsWith("index") || name.contains("db") || name.contains("database");
    }

    private ArgumentValues string(ProbedCommand command, CommandArgument argument) {
        boolean stream = command.group().equals("stream");
        return switch (argument.name()) {
            case "key" -> keys(command, argument);
            case "channel" -> ArgumentValues.of("channel", "own-channel", VictimData.CHANNEL,
                    victim.channelPrefix() + VictimData.CHANNEL);
            case "shardchannel" -> ArgumentValues.of("channel", "{v}own-channel", VictimData.SHARD_CHANNEL,
                    victim.channelPrefix() + VictimData.SHARD_CHANNEL);
            case "prefix" -> ArgumentValues.of("prefix", "{v}own", victim.channelPrefix(), "{v}");
            case "sha1" -> new ArgumentValues("sha1", "0".repeat(40), facts.scriptShas());
            case "script" -> ArgumentValues.of("script", "return 1", "return redis.call('get', KEYS[1])");
            case "function" -> ArgumentValues.fixed(Delivery.FUNCTION);
            case "function-code" -> ArgumentValues.fixed(
                    "#!lua name=rkprobe_tenant\nredis.register_function('rkprobe_tenant', function() return 1 end)");
            case "library-name" -> ArgumentValues.fixed(Delivery.LIBRARY);
            case "group", "groupname" -> ArgumentValues.of("group", "owngroup", VictimData.GROUP);
            case "consumer", "consumername" -> ArgumentValues.of("consumer", "ownconsumer", VictimData.CONSUMER);
            case "id", "max_deleted_entry_id" -> ArgumentValues.fixed(VictimData.STREAM_ID);
            case "last-id" -> ArgumentValues.fixed("99999-0");
            case "start" -> ArgumentValues.fixed(stream ? "-" : "0");
            case "end", "stop" -> ArgumentValues.fixed(stream ? "+" : "-1");
            case "min" -> ArgumentValues.fixed("-");
            case "max" -> ArgumentValues.fixed("+");
            case "field" -> ArgumentValues.fixed(counts(command) ? "n" : "f");
            case "member", "member1", "member2" -> ArgumentValues.fixed("m");
            case "element", "pivot" -> ArgumentValues.fixed("e");
            case "value" -> ArgumentValues.fixed("own-value");
            case "message" -> ArgumentValues.fixed(MESSAGE_PREFIX + FORM_ID + "-" + DELIVERY);
            case "password" -> ArgumentValues.fixed(attacker.password());
            case "username" -> ArgumentValues.of("user", "default", victim.name(), "rkproxy-tenant",
                    "rkproxy-tenant-" + victim.name());
            case "ip", "host" -> ArgumentValues.fixed("127.0.0.1");
            case "ip:port" -> ArgumentValues.of("client", "127.0.0.1:1", facts.address());
            case "section" -> ArgumentValues.of("section", "server", "keyspace", "everything");
            case "serialized-value" -> ArgumentValues.fixed(facts.restorePayload());
            case "type" -> ArgumentValues.fixed("string");
            case "rule" -> ArgumentValues.fixed("+@all");
            case "category", "categoryname" -> ArgumentValues.fixed("keyspace");
            case "command", "command-name" -> ArgumentValues.fixed("get");
            case "parameter", "library-name-pattern" -> ArgumentValues.fixed("*");
            case "operation" -> ArgumentValues.fixed("AND");
            case "yes/no" -> ArgumentValues.fixed("yes");
            case "threshold" -> ArgumentValues.fixed("1");
            case "min-idle-time" -> ArgumentValues.fixed("0");
            default -> ArgumentValues.fixed("probe");
        };
    }
}
