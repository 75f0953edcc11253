package io.rkproxy.core.streams;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.util.function.Consumer;

/**
 * Sends a Streams queue's commands through the tenant's pool like any of the tenant's commands (its db selected, or
 * routed by key on a cluster) and hands each decoded reply on. A failure of the pool, or an error reply nobody
 * expected, goes to the client's reply. Carries the tenant's queue figures on this node, which the commands count
 * in. Runs on the session's event loop.
 */
final class StreamCalls {

    private final SessionContext session;
    private final BackendPool pool;
    private final TenantConfig tenant;
    private final StreamQueues.Figures figures;
    private final ReplyCallback reply;

    StreamCalls(SessionContext session, BackendPool pool, TenantConfig tenant, StreamQueues.Figures figures,
                ReplyCallback reply) {
        this.session = session;
        this.pool = pool;
        this.tenant = tenant;
        this.figures = figures;
        this.reply = reply;
    }

    ReplyCallback reply() {
        return reply;
    }

    StreamQueues.Figures figures() {
        return figures;
    }

    BackendPool pool() {
        return pool;
    }

    EventLoop loop() {
        return session.loop();
    }

    /** The same calls with a reply that drops everything: for what the proxy asks on its own account. */
    StreamCalls quiet() {
        return new StreamCalls(session, pool, tenant, figures, new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                frame.release();
            }

            @Override
            public void onError(String redisError) {
                // nobody waits for it
            }
        });
    }

    /** Whether the pool can take commands; if not, the client is told why. */
    boolean ready() {
        String why = pool == null ? RespErrors.poolUnavailable(tenant.pool(), "the pool is not configured")
                : pool.unavailableReason().orElse(pool.metadata().isEmpty()
                ? RespErrors.poolUnavailable(pool.config().name(), "the backend has not answered yet") : null);
        if (why != null) {
            reply.onError(why);
        }
        return why == null;
    }

    /** Sends {@code command} (taking ownership); {@code then} gets the reply unless it is an error. */
    void call(RespCommand command, Consumer<RespValue> then) {
        send(command, value -> {
            if (value instanceof RespValue.Error error) {
                reply.onError(error.text());
            } else {
                then.accept(value);
            }
        });
    }

    /**
     * Sends {@code command} (taking ownership); {@code then} gets every reply, error replies included, and the pool's
     * failure to answer as an error reply.
     */
    void send(RespCommand command, Consumer<RespValue> then) {
        BackendLink link = pool.link(session.loop(), tenant, Protocol.RESP2, session.sessionId());
        link.send(command, new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue value;
                try {
                    value = RespValue.consume(frame);
                } catch (IllegalArgumentException e) {
                    reply.onError("ERR unexpected reply from the backend: " + e.getMessage());
                    return;
                }
                try {
                    then.accept(value);
                } catch (IllegalStateException | IndexOutOfBoundsException e) {
                    reply.onError("ERR unexpected reply from the backend: " + value);
                }
            }

            @Override
            public void onError(String redisError) {
                then.accept(new RespValue.Error(redisError));
            }
        });
    }

    /** Replies {@code value} to the client, in the protocol it speaks. */
    void value(RespValue value) {
        reply.onReply(RespValueEncoder.encode(value, session.alloc().buffer(), session.protocol()));
    }
}
