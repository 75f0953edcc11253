package io.rkproxy.server;

import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sends one command sequence to a plain redis-server and to rkproxy, command by command, and compares the replies
 * byte for byte after {@link ReplyNormalisation}; a difference is either a {@link KnownDifference} or unlisted.
 */
final class DifferentialRun {

    /** Past this many unlisted differences the two data sets have most likely drifted apart: the run stops. */
    private static final int MAX_UNLISTED = 20;
    private static final int MAX_SCAN_CALLS = 100;

    private final String label;
    private final long seed;
    private final PoolKind pool;
    private final String keyPrefix;
    private final CommandKeys keys;

    /**
     * {@code label} names the run in messages, e.g. "cluster resp3"; {@code keyPrefix} is the tenant's; {@code keys}
     * finds a command's keys, for the differences that depend on their slots.
     */
    DifferentialRun(String label, long seed, PoolKind pool, String keyPrefix, CommandKeys keys) {
        this.label = label;
        this.seed = seed;
        this.pool = pool;
        this.keyPrefix = keyPrefix;
        this.keys = keys;
    }

    /** What a run found. {@code referenceErrors} counts redis-server's error replies by kind. */
    record Outcome(String label, long seed, int commands, int identical, Map<KnownDifference, Integer> known,
                   List<String> unlisted, Map<String, Integer> referenceErrors) {

        @Override
        public String toString() {
            return String.format("differential %s seed=%d commands=%d identical=%d known=%s unlisted=%d "
                    + "redis-errors=%s", label, seed, commands, identical, known, unlisted.size(), referenceErrors);
        }
    }

    Outcome run(RespSocket reference, RespSocket proxy, List<List<String>> commands) {
        int identical = 0;
        Map<KnownDifference, Integer> known = new EnumMap<>(KnownDifference.class);
        List<String> unlisted = new ArrayList<>();
        Map<String, Integer> referenceErrors = new TreeMap<>();
        Transaction transaction = new Transaction();
        int sent = 0;
        for (List<String> command : commands) {
            sent++;
            RawReply expected = exchange(reference, command, () -> "redis-server failed");
            int at = sent;
            RawReply actual = exchange(proxy, command, () -> String.format("rkproxy failed (seed=%d, %s, command %d "
                    + "of %d): %s; redis-server said %s", seed, label, at, commands.size(), shown(command), expected));
            if (expected.isError()) {
                referenceErrors.merge(errorKind(expected), 1, Integer::sum);
            }
            if (expected.sameBytes(actual)) {
                identical++;
            } else {
                List<KnownDifference> covering = covering(command, expected, actual, transaction);
                if (covering.isEmpty()) {
                    unlisted.add(String.format("unlisted difference (seed=%d, %s, command %d of %d): %s%s%n"
                            + "  redis-server: %s%n  rkproxy:      %s", seed, label, sent, commands.size(),
                            shown(command), transaction.shown(), expected, actual));
                    if (unlisted.size() >= MAX_UNLISTED) {
                        break;
                    }
                }
                covering.forEach(d -> known.merge(d, 1, Integer::sum));
            }
            transaction.after(command, expected);
        }
        return new Outcome(label, seed, sent, identical, known, unlisted, referenceErrors);
    }

    /**
     * The known differences that cover a differing exchange: one; or, for an EXEC whose replies differ only where a
     * queued command's would have differed on its own, one per such reply. Empty when any difference is unlisted.
     */
    private List<KnownDifference> covering(List<String> command, RawReply expected, RawReply actual,
                                           Transaction transaction) {
        KnownDifference whole = KnownDifference.covering(exchange(command, expected, actual, false));
        if (whole != null) {
            return List.of(whole);
        }
        int replies = expected.items().size();
        if (!command.get(0).equalsIgnoreCase("EXEC") || expected.bytes()[0] != '*' || actual.bytes()[0] != '*'
                || actual.items().size() != replies || transaction.queued.size() != replies) {
            return List.of();
        }
        List<KnownDifference> found = new ArrayList<>();
        for (int i = 0; i < replies; i++) {
            RawReply one = expected.items().get(i);
            RawReply other = actual.items().get(i);
            if (!one.sameBytes(other)) {
                KnownDifference d = KnownDifference.covering(
                        exchange(transaction.queued.get(i), one, other, true));
                if (d == null) {
                    return List.of();
                }
                found.add(d);
            }
        }
        return found;
    }

    private KnownDifference.Exchange exchange(List<String> command, RawReply expected, RawReply actual,
                                              boolean inExec) {
        return new KnownDifference.Exchange(pool, keyPrefix, command, expected, actual, inExec, keys);
    }

    /** The commands the session's open transaction has queued, as redis-server took them. */
    private static final class Transaction {
        private boolean open;
        private final List<List<String>> queued = new ArrayList<>();
        private final List<String> shownSinceMulti = new ArrayList<>();

        void after(List<String> command, RawReply reference) {
            String name = command.get(0).toUpperCase(Locale.ROOT);
            if (name.equals("MULTI") && reference.sameBytes(RawReply.simple("+OK"))) {
                open = true;
                queued.clear();
                shownSinceMulti.clear();
            } else if (name.equals("EXEC") || name.equals("DISCARD")) {
                open = false;
                queued.clear();
                shownSinceMulti.clear();
            } else if (open) {
                shownSinceMulti.add(DifferentialRun.shown(command) + " -> " + reference);
                if (reference.sameBytes(RawReply.simple("+QUEUED"))) {
                    queued.add(command);
                }
            }
        }

        /** Inside a transaction, what was sent since MULTI and what redis-server answered, for a failure message. */
        String shown() {
            return open ? "\n  after MULTI: " + String.join("; ", shownSinceMulti) : "";
        }
    }

    /** The command's reply, normalised; a SCAN walked to its end. {@code context} explains a failure to read. */
    private static RawReply exchange(RespSocket socket, List<String> command, Supplier<String> context) {
        try {
            if (command.get(0).equalsIgnoreCase("SCAN")) {
                return fullScan(socket, command);
            }
            socket.send(command.toArray(String[]::new));
            return ReplyNormalisation.normalise(command, read(socket));
        } catch (UncheckedIOException e) {
            throw new AssertionError(context.get(), e);
        }
    }

    /**
     * SCAN walked from cursor 0 to the end, as its keys sorted: its cursors are each server's own (the proxy's walks
     * the masters of a cluster one after another), and what a full walk returns is what both promise.
     */
    private static RawReply fullScan(RespSocket socket, List<String> command) {
        List<String> next = new ArrayList<>(command);
        List<RawReply> keys = new ArrayList<>();
        for (int call = 0; call < MAX_SCAN_CALLS; call++) {
            RawReply reply = read(socket.send(next.toArray(String[]::new)));
            if (reply.isError() || reply.items().size() != 2) {
                return reply;
            }
            keys.addAll(reply.items().get(1).items());
            String cursor = reply.items().get(0).text();
            if (cursor.equals("0")) {
                break;
            }
            next.set(1, cursor);
        }
        return RawReply.array(keys).sorted();
    }

    private static RawReply read(RespSocket socket) {
        try {
            return RawReply.read(socket.input());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String errorKind(RawReply error) {
        String text = error.line();
        for (String kind : List.of("wrong number of arguments", "unknown command", "syntax error")) {
            if (text.contains(kind)) {
                return kind.replace(' ', '-');
            }
        }
        return text.split(" ", 2)[0];
    }

    /** The command as redis-cli would take it: arguments with spaces, quotes or control bytes quoted. */
    static String shown(List<String> command) {
        return command.stream().map(a -> a.isEmpty() || !a.matches("[\\p{Graph}&&[^\"']]+")
                ? '"' + a.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                        + '"' : a)
                .collect(Collectors.joining(" "));
    }
}
