package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What {@link PipeliningClient}s saw of their proxy's SIGTERM, checked against the backend afterwards: replies by
 * kind, how each connection ended, the commands in flight at the SIGTERM (sent before a given instant) that did not
 * get +OK, the acknowledged SETs the backend lacks, and the SETs without a reply that the backend has all the same.
 */
final class SigtermOutcome {

    private long ok;
    private long errors;
    private long errorsBefore;
    private long lastErrorNanos;
    private long wrong;
    private long hung;
    private long notEnded;
    private final List<String> failedEnds = new ArrayList<>();
    private long inFlightNotOk;
    private long drained;
    private long unanswered;
    private long unansweredExecuted;
    private long lost;
    private final long inFlightNanos;
    private final long sigtermNanos;

    private SigtermOutcome(long inFlightNanos, long sigtermNanos) {
        this.inFlightNanos = inFlightNanos;
        this.sigtermNanos = sigtermNanos;
    }

    /**
     * {@code inFlightNanos}: the commands sent before it must be answered +OK. {@code readAll} reads the given keys'
     * values straight from the backend, in their order.
     */
    static SigtermOutcome of(List<PipeliningClient> clients, long inFlightNanos, long sigtermNanos,
                             Function<List<String>, List<String>> readAll) {
        SigtermOutcome outcome = new SigtermOutcome(inFlightNanos, sigtermNanos);
        clients.forEach(outcome::count);
        List<String> keys = clients.stream().flatMap(client -> client.keys().stream()).toList();
        List<String> values = readAll.apply(keys);
        int offset = 0;
        for (PipeliningClient client : clients) {
            outcome.compare(client, values.subList(offset, offset + client.keys().size()));
            offset += client.keys().size();
        }
        return outcome;
    }

    private void count(PipeliningClient client) {
        List<String> replies = client.replies();
        long sentBefore = client.sentBefore(inFlightNanos);
        for (int i = 0; i < replies.size(); i++) {
            String reply = replies.get(i);
            if (reply.equals("+OK")) {
                ok++;
                drained += client.readNanos().get(i) > sigtermNanos ? 1 : 0;
            } else if (reply.startsWith("-")) {
                errors++;
                long read = client.readNanos().get(i);
                lastErrorNanos = Math.max(lastErrorNanos, read);
                if (read < sigtermNanos) {
                    errorsBefore++;
                }
            } else {
                wrong++;
            }
            if (i < sentBefore && !reply.equals("+OK")) {
                inFlightNotOk++;
            }
        }
        inFlightNotOk += Math.max(0, sentBefore - replies.size());
        if (client.end() == null) {
            notEnded++;
        } else if (client.end() == PipeliningClient.End.HUNG) {
            hung++;
        } else if (client.end() == PipeliningClient.End.FAILURE) {
            failedEnds.add(String.valueOf(client.failure()));
        }
    }

    /** {@code values}: what the backend holds for each of the client's keys. */
    private void compare(PipeliningClient client, List<String> values) {
        for (int i = 0; i < client.keys().size(); i++) {
            boolean stored = values.get(i).equals(PipeliningClient.value(client.keys().get(i)));
            if (i >= client.replies().size()) {
                unanswered++;
                unansweredExecuted += stored ? 1 : 0;
            } else if (client.replies().get(i).equals("+OK") && !stored) {
                lost++;
            }
        }
    }

    FaultRow row(String scenario) {
        long windowMs = lastErrorNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(lastErrorNanos - sigtermNanos);
        return new FaultRow(scenario, ok + errors + wrong, ok, errors, windowMs, errorsBefore, wrong, lost, hung, -1);
    }

    void assertClean() {
        assertTrue(ok > 0, this::toString);
        assertTrue(drained > 0, () -> "commands were in flight at the SIGTERM; " + this);
        assertEquals(0, inFlightNotOk, () -> "every command in flight at the SIGTERM is answered +OK; " + this);
        assertEquals(0, wrong, this::toString);
        assertEquals(0, hung, this::toString);
        assertEquals(0, notEnded, () -> "every client's connection ended; " + this);
        assertEquals(List.of(), failedEnds, () -> "every connection ends in end of stream; " + this);
        assertEquals(0, unansweredExecuted, () -> "a SET without a reply was never executed; " + this);
        assertEquals(0, lost, this::toString);
    }

    @Override
    public String toString() {
        return "ok=" + ok + " (" + drained + " after the SIGTERM) errors=" + errors + " wrong=" + wrong
                + " in-flight-not-ok=" + inFlightNotOk
                + " unanswered=" + unanswered + " (executed " + unansweredExecuted + ") lost=" + lost + " hung=" + hung
                + " not-ended=" + notEnded + " failed-ends=" + failedEnds;
    }
}
