package io.rkproxy.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What one run of the probe tried and found. */
final class ProbeReport {

    private final PoolKind kind;
    private final Set<String> commands = new TreeSet<>();
    private final Set<String> answeredCommands = new TreeSet<>();
    private final List<Breach> breaches = new ArrayList<>();
    private final List<String> timeouts = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private long elapsedNanos;
    private int forms;
    private int probes;
    private int answered;

    ProbeReport(PoolKind kind) {
        this.kind = kind;
    }

    void command(ProbedCommand command, int formCount) {
        commands.add(command.name());
        forms += formCount;
    }

    /** One form sent one way; {@code answered} when no reply was an error. */
    void probe(ProbedCommand command, boolean answered) {
        probes++;
        if (answered) {
            this.answered++;
            answeredCommands.add(command.name());
        }
    }

    /** A probe that got no reply in time: not a breach, but the command was not fully tried. */
    void timeout(String delivery, String sent) {
        timeouts.add(delivery + ": " + sent);
    }

    void breach(Breach breach) {
        breaches.add(breach);
    }

    void finish() {
        elapsedNanos = System.nanoTime() - startedNanos;
    }

    List<Breach> breaches() {
        return breaches;
    }

    List<String> timeouts() {
        return timeouts;
    }

    int commands() {
        return commands.size();
    }

    /** The commands of which at least one form was answered without an error. */
    int answeredCommands() {
        return answeredCommands.size();
    }

    /** One line: what was tried, and the breaches, {@code knownOpen} of them listed in {@link KnownBreaches}. */
    String summary(long knownOpen) {
        return String.format("probe %s: %d command forms tried (%d commands and subcommands), sent %d times over %d"
                        + " ways; %d answered without an error (some form of %d commands), %d timed out; %d breaches"
                        + " (%d known open); %.1f s", kind.label(), forms, commands.size(), probes,
                Delivery.values().length, answered, answeredCommands.size(), timeouts.size(), breaches.size(),
                knownOpen, elapsedNanos / 1e9);
    }
}
