package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Follows a cluster's redirections for one command, so the client never sees them: MOVED records the slot's new
 * owner (and triggers a refresh) and resends there; ASK resends to the target once, behind ASKING; TRYAGAIN resends
 * after a pause that grows with each one. After {@link #MAX_REDIRECTS} MOVED and ASK in a row, or TRYAGAINs for
 * {@link #TRYAGAIN_BUDGET_MS}, the client gets an error. Holds a reference to the command until it is answered.
 */
final class RedirectingCallback implements ReplyCallback {

    static final int MAX_REDIRECTS = 5;
    static final long TRYAGAIN_PAUSE_MS = 20;
    static final long TRYAGAIN_MAX_PAUSE_MS = 200;
    /**
     * How long TRYAGAIN is retried: a multi-key command whose keys are not all on one side of a slot's migration is
     * refused until the slot has moved, which takes a while when it holds many keys.
     */
    static final long TRYAGAIN_BUDGET_MS = 2_000;

    private final ClusterRoute route;
    private final int slot;
    private final RespCommand command;
    private final ReplyCallback callback;
    private Address node;
    private int redirects;
    private int tryagains;
    private long pausedMs;

    /**
     * @param node    the master the command is first sent to
     * @param command a reference of its own, released when the command is finally answered
     */
    RedirectingCallback(ClusterRoute route, int slot, Address node, RespCommand command, ReplyCallback callback) {
        this.route = route;
        this.slot = slot;
        this.node = node;
        this.command = command;
        this.callback = callback;
    }

    @Override
    public void onReply(ByteBuf frame) {
        Optional<Redirect> redirect = Redirect.of(frame, node);
        if (redirect.isEmpty()) {
            command.release();
            callback.onReply(frame);
            return;
        }
        Redirect r = redirect.get();
        if (r.kind() == Redirect.Kind.TRYAGAIN) {
            tryAgainLater(frame);
            return;
        }
        if (++redirects > MAX_REDIRECTS) {
            giveUp(frame, last -> "ERR too many cluster redirections for slot " + slot + " (last: " + last + ")");
            return;
        }
        frame.release();
        if (r.kind() == Redirect.Kind.MOVED) {
            route.moved(r.slot(), r.target());
        }
        resend(r.target(), r.kind() == Redirect.Kind.ASK);
    }

    private void tryAgainLater(ByteBuf frame) {
        long pause = Math.min(TRYAGAIN_PAUSE_MS * ++tryagains, TRYAGAIN_MAX_PAUSE_MS);
        if (pausedMs + pause > TRYAGAIN_BUDGET_MS) {
            giveUp(frame, last -> last);
            return;
        }
        pausedMs += pause;
        // a new attempt, whose redirections count afresh: a TRYAGAIN met behind an ASK is ASKed again
        redirects = 0;
        frame.release();
        route.loop().schedule(() -> resend(route.masterOf(slot).orElse(node), false), pause, TimeUnit.MILLISECONDS);
    }

    /** Answers the client with an error made of the last redirection's text. */
    private void giveUp(ByteBuf frame, UnaryOperator<String> error) {
        String last = frame.toString(frame.readerIndex() + 1, frame.readableBytes() - 3, StandardCharsets.UTF_8);
        frame.release();
        command.release();
        callback.onError(error.apply(last));
    }

    private void resend(Address target, boolean asking) {
        node = target;
        if (asking) {
            route.sendTo(target, RespCommand.of("ASKING"), ReplyCallback.DISCARD);
        }
        route.sendTo(target, command.retain(), this);
    }

    @Override
    public void onError(String redisError) {
        command.release();
        route.refresh();
        callback.onError(redisError);
    }
}
