package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/**
 * A backend connection that belongs to one session while it holds state: a blocking command, MULTI or WATCH.
 * Unlike the shared links it has no response timeout, since a blocking command may wait as long as it likes.
 */
public interface PinnedLink extends BackendLink {

    /**
     * Where RESP3 push frames that arrive on this connection go (client-side caching invalidations); without a
     * listener they are dropped. The listener owns each frame it gets.
     */
    void onPush(Consumer<ByteBuf> listener);

    /** Commands sent and not yet answered. */
    int outstanding();

    /**
     * The node is shutting down: a blocking command this link waits on is ended by the backend with an error
     * ({@code CLIENT UNBLOCK ... ERROR}, which takes no data), so that its client learns at once instead of when
     * the node stops. A command the backend already served answers as usual.
     */
    void unblockForShutdown();

    /**
     * {@code CLIENT UNBLOCK} for this link's backend connection, as the pool's own user: a blocking command it waits
     * on ends as on its timeout, or with Redis's UNBLOCKED error. {@code callback} gets the backend's answer (1 if the
     * command was blocked) on {@code replyLoop}.
     *
     * @return false, and {@code callback} is not called, when nothing is outstanding here
     */
    boolean unblock(boolean error, EventLoop replyLoop, ReplyCallback callback);

    /** Gives the connection back for reuse; only when nothing is outstanding and it holds no state. */
    void release();

    /** Closes the connection: a blocked command is abandoned by the backend without taking any data. */
    void close();
}
