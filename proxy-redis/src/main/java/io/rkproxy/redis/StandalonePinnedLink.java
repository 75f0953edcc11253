package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.function.Consumer;

/**
 * A session's own connection to a standalone Redis, which makes WAIT mean the session's writes. Redis's WAIT counts
 * the replicas that acknowledged the offset of the connection's own last write, and the session wrote over its
 * shared connection. So outside MULTI a WAIT goes behind a write that changes no data: a PUBLISH to a channel of the
 * proxy's ({@link #MARK_CHANNEL}), which a standalone Redis replicates like a write, sent as the pool's user (the
 * tenant user may not publish). Every write made before it, the session's included, is in the replication stream
 * before the mark, so a replica that acknowledged the mark has them. Used only from its event loop.
 */
final class StandalonePinnedLink implements PinnedLink {

    /** No tenant can subscribe to it: every tenant's channel names get a prefix that cannot overlap it. */
    static final String MARK_CHANNEL = TenantConfig.PROXY_CHANNELS + "wait";
    private static final String MARK_FAILED = "ERR rkproxy could not mark the writes before WAIT: ";

    private final PinnedConnection connection;
    private boolean inMulti;

    StandalonePinnedLink(PinnedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        boolean queued = inMulti;
        switch (command.name()) {
            case "multi" -> inMulti = true;
            case "exec", "discard" -> inMulti = false;
            default -> {
            }
        }
        if (queued || !command.name().equals("wait")) {
            connection.send(command, callback);
            return;
        }
        String[] markFailure = {null};
        connection.sendUnconfined(RespCommand.of("PUBLISH", MARK_CHANNEL, ""), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                if (RespValue.consume(frame) instanceof RespValue.Error error) {
                    markFailure[0] = error.text();
                }
            }

            @Override
            public void onError(String redisError) {
                markFailure[0] = redisError;
            }
        });
        connection.send(command, new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                if (markFailure[0] == null) {
                    callback.onReply(frame);
                } else {
                    frame.release();
                    callback.onError(MARK_FAILED + markFailure[0]);
                }
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
            }
        });
    }

    @Override
    public void sendUnconfined(RespCommand command, ReplyCallback callback) {
        connection.sendUnconfined(command, callback);
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public void whenWritable(Runnable task) {
        connection.whenWritable(task);
    }

    @Override
    public void onPush(Consumer<ByteBuf> listener) {
        connection.onPush(listener);
    }

    @Override
    public int outstanding() {
        return connection.outstanding();
    }

    @Override
    public void unblockForShutdown() {
        connection.unblockForShutdown();
    }

    @Override
    public boolean unblock(boolean error, EventLoop replyLoop, ReplyCallback callback) {
        return connection.unblock(error, replyLoop, callback);
    }

    @Override
    public void release() {
        connection.release();
    }

    @Override
    public void close() {
        connection.close();
    }
}
