package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Follows a cluster's redirections for one command, so the client never sees them: MOVED records the slot's new
 * owner (and triggers a refresh) and resends there; ASK resends to the target once, behind ASKING; TRYAGAIN resends
 * after a short pause. After {@link #MAX_REDIRECTS} the client gets an error. Holds a reference to the command
 * until it is answered.
 */
final class RedirectingCallback implements ReplyCallback {

    static final int MAX_REDIRECTS = 5;
    static final long TRYAGAIN_PAUSE_MS = 20;

    private final ClusterRoute route;
    private final int slot;
    private final RespCommand command;
    private final ReplyCallback callback;
    private Address node;
    private int redirects;

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
        if (++redirects > MAX_REDIRECTS) {
            String last = frame.toString(frame.readerIndex() + 1, frame.readableBytes() - 3,
                    StandardCharsets.UTF_8);
            frame.release();
            command.release();
            callback.onError(redirect.get().kind() == Redirect.Kind.TRYAGAIN ? last
                    : "ERR too many cluster redirections for slot " + slot + " (last: " + last + ")");
            return;
        }
        frame.release();
        Redirect r = redirect.get();
        switch (r.kind()) {
            case MOVED -> {
                route.moved(r.slot(), r.target());
                resend(r.target(), false);
            }
            case ASK -> resend(r.target(), true);
            case TRYAGAIN -> route.loop().schedule(() -> {
                node = route.masterOf(slot).orElse(node);
                resend(node, false);
            }, TRYAGAIN_PAUSE_MS * redirects, TimeUnit.MILLISECONDS);
        }
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
