package io.rkproxy.server;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to send a form: as it is, on a RESP3 connection, inside MULTI/EXEC, or from a script (EVAL, EVAL_RO and
 * FCALL of a function the attacker loaded, or for a control run without the proxy, the operator). A script gets the form as its ARGV and calls it with the names exactly
 * as given, so it reaches the backend without the proxy's rewriting; its one declared key ({@link
 * VictimData#ANCHOR}) shares the slot of the victim's keys, so on a cluster it runs on their master.
 */
enum Delivery {
    DIRECT("direct"),
    RESP3("resp3"),
    MULTI("multi"),
    EVAL("eval"),
    EVAL_RO("eval_ro"),
    FCALL("fcall");

    static final String WRAPPER_SCRIPT = "return redis.call(unpack(ARGV))";
    static final String LIBRARY = "rkprobe";
    static final String FUNCTION = "rkprobe_call";
    /** The function library of the FCALL delivery, which the attacker loads through the proxy, and the operator. */
    static final String FUNCTION_LIBRARY = "#!lua name=" + LIBRARY + "\nredis.register_function('" + FUNCTION
            + "', function(keys, args) return redis.call(unpack(args)) end)";

    private final String label;

    Delivery(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    boolean isScript() {
        return this == EVAL || this == EVAL_RO || this == FCALL;
    }

    /** Redis refuses a {@code noscript} command in a script before looking at it, so scripts skip those. */
    boolean appliesTo(ProbedCommand command) {
        return !isScript() || command.runsInScripts();
    }

    /** The commands that send {@code form}; {@code ownPrefix} is the attacker's key prefix, which scripts must name. */
    List<List<String>> wrap(CommandForm form, String ownPrefix) {
        String own = isScript() ? ownPrefix : "";
        List<String> args = form.args().stream()
                .map(a -> a.replace(AttackValues.DELIVERY, label).replace(AttackValues.OWN, own)).toList();
        return switch (this) {
            case DIRECT, RESP3 -> List.of(args);
            case MULTI -> List.of(List.of("MULTI"), args, List.of("EXEC"));
            case EVAL, EVAL_RO -> List.of(script(List.of(name(), WRAPPER_SCRIPT), args));
            case FCALL -> List.of(script(List.of("FCALL", FUNCTION), args));
        };
    }

    private static List<String> script(List<String> head, List<String> args) {
        List<String> command = new ArrayList<>(head);
        command.add("1");
        command.add(VictimData.ANCHOR);
        command.addAll(args);
        return command;
    }
}
