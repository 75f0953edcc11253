package io.rkproxy.core.session;

import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.config.OutputLimit;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.metrics.Refusal;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one session to its output limits. Its buffered output is what the proxy holds for its client: replies waiting
 * behind earlier ones, and what is written but not yet taken by the socket.
 *
 * <p>A command is forwarded only while that, plus what the session's outstanding commands may still bring, stays under
 * the client soft limit. The backend builds a command's whole reply as soon as it runs it, in the output buffer of a
 * connection other tenants share, so a client that pipelines large reads without reading must be stopped before they
 * are sent, not after their replies came back. Reply sizes are not known in advance: they are estimated from the
 * session's last replies, and after a pause, when a new burst may ask for anything, as at least
 * {@link #UNKNOWN_REPLY_BYTES} each.
 *
 * <p>Past the hard limit, or past the soft limit for longer than allowed, the session is closed, alone (the pubsub
 * limits while it is subscribed, the client limits otherwise). Used only from the session's event loop.
 */
final class OutputGuard {

    private static final Logger log = LoggerFactory.getLogger(OutputGuard.class);

    /**
     * What a reply counts for before replies have told how large they are: with the default soft limit, 16 commands
     * go out at once after a pause, and the rest of a deeper pipeline one backend round trip later.
     */
    static final long UNKNOWN_REPLY_BYTES = 512 * 1024;

    private final ClientSession session;
    private final ReplyQueue replies;
    private final OutputLimit client;
    private final OutputLimit pubsub;
    private long estimate = UNKNOWN_REPLY_BYTES;
    private boolean overSoft;
    private long overSoftSince;
    private ScheduledFuture<?> softDeadline;
    private boolean dropped;

    OutputGuard(ClientSession session, ReplyQueue replies, ServerConfig server) {
        this.session = session;
        this.replies = replies;
        this.client = server.clientOutput();
        this.pubsub = server.pubsubOutput();
    }

    /** Whether the session may forward one more command now. One alone may go while the client keeps up. */
    boolean admit() {
        long buffered = replies.bufferedBytes();
        if (buffered > client.softBytes()) {
            return false;
        }
        int outstanding = replies.outstanding();
        if (outstanding == 0) {
            estimate = Math.max(estimate, UNKNOWN_REPLY_BYTES);
            return true;
        }
        return buffered + (outstanding + 1L) * estimate <= client.softBytes();
    }

    /** A reply arrived: a larger one raises the estimate at once, a smaller one halves it (not below itself). */
    void replyArrived(int bytes) {
        estimate = bytes >= estimate ? bytes : Math.max(bytes, estimate / 2);
        check();
    }

    /** Measures the buffered output, and closes the session if it breaks its limits. */
    void check() {
        if (dropped) {
            return;
        }
        boolean subscribed = session.subscribed();
        OutputLimit limit = subscribed ? pubsub : client;
        long bytes = replies.bufferedBytes();
        if (bytes > limit.hardBytes()) {
            drop(subscribed, bytes, "over " + limit.keyPrefix() + "-hard-bytes (" + limit.hardBytes() + ")");
        } else if (limit.softBytes() > 0 && bytes > limit.softBytes()) {
            long now = session.runtime().nanoTime();
            if (!overSoft) {
                overSoft = true;
                overSoftSince = now;
            }
            long left = overSoftSince + limit.softFor().toNanos() - now;
            if (left <= 0) {
                drop(subscribed, bytes, "over " + limit.keyPrefix() + "-soft-bytes (" + limit.softBytes()
                        + ") for " + limit.softFor().toSeconds() + " s (" + limit.keyPrefix() + "-soft-seconds)");
            } else if (softDeadline == null) {
                // Checked again when the time is up, whether or not more output comes by then.
                softDeadline = session.channel().eventLoop().schedule(() -> {
                    softDeadline = null;
                    check();
                }, left, TimeUnit.NANOSECONDS);
            }
        } else {
            overSoft = false;
        }
    }

    void close() {
        dropped = true;
        if (softDeadline != null) {
            softDeadline.cancel(false);
            softDeadline = null;
        }
    }

    private void drop(boolean subscribed, long bytes, String why) {
        close();
        log.warn("session {} of tenant '{}' from {}: closing it: {} bytes of {} not read by the client, {}",
                session.id(), session.tenantName(), session.remoteAddress(), bytes,
                subscribed ? "pub/sub messages" : "replies", why);
        session.refused(Refusal.OUTPUT_BUFFER_LIMIT);
        session.closeNow();
    }
}
