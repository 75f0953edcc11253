package io.rkproxy.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Pipelined commands and their replies, read up to a {@code PING <sentinel>} sent after them: the sentinel comes
 * back as a bulk on a clean connection; as an element in subscribed mode (so messages published before it arrive
 * first); or not at all, when a command left the connection in a transaction ({@code +QUEUED}), unauthenticated (an
 * error) or closed. Only a bulk sentinel leaves the connection clean for the next probe.
 */
record ProbeExchange(List<String> replies, boolean clean, boolean subscribed, boolean timedOut) {

    private static final Pattern SUBSCRIBED = Pattern.compile("^(>\\d+\\n)?[ps]?subscribe\\n");
    private static final AtomicLong SENTINELS = new AtomicLong();

    static ProbeExchange over(ProbeConnection c, List<List<String>> commands) {
        String sentinel = "rkprobe-sync-" + SENTINELS.incrementAndGet();
        List<List<String>> all = new ArrayList<>(commands);
        all.add(List.of("PING", sentinel));
        List<String> replies = new ArrayList<>();
        boolean subscribed = false;
        try {
            c.send(all);
            while (true) {
                String reply = c.read();
                subscribed |= SUBSCRIBED.matcher(reply).find();
                if (reply.equals(sentinel)) {
                    return new ProbeExchange(replies, !subscribed, subscribed, false);
                }
                if (reply.endsWith("\n" + sentinel)
                        || replies.size() + 1 >= all.size() && (reply.equals("+QUEUED") || reply.startsWith("-"))) {
                    return new ProbeExchange(replies, false, subscribed, false);
                }
                replies.add(reply);
            }
        } catch (SocketTimeoutException e) {
            return new ProbeExchange(replies, false, subscribed, true);
        } catch (EOFException e) {
            return new ProbeExchange(replies, false, subscribed, false);
        } catch (IOException e) {
            replies.add("(connection failed: " + e + ")");
            return new ProbeExchange(replies, false, subscribed, false);
        }
    }

    /** No reply, nor an element of one, is an error. */
    boolean answered() {
        return !timedOut && replies.stream().noneMatch(r -> r.startsWith("-") || r.contains("\n-"));
    }
}
