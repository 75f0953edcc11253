package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A short-lived connection that sends a few commands and returns their decoded replies, then closes. */
public final class BackendQuery {

    private BackendQuery() {
    }

    /** One command to one node of a pool, as the pool's own user; for cluster topology queries. */
    public static CompletableFuture<RespValue> ask(PoolConfig pool, Address node,
                                                   Class<? extends io.netty.channel.Channel> channelType,
                                                   EventLoop loop, RespCommand command) {
        return run(new RedisConnector(pool, node, channelType), loop, command).thenApply(replies -> replies.get(0));
    }

    /** The replies in order; fails when the backend cannot be reached or prepared. */
    static CompletableFuture<List<RespValue>> run(RedisConnector connector, EventLoop loop, RespCommand... commands) {
        CompletableFuture<List<RespValue>> result = new CompletableFuture<>();
        connector.connect(loop, 0, Protocol.RESP2, reason -> result.completeExceptionally(new BackendUnavailableException(reason)))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        Arrays.stream(commands).forEach(RespCommand::release);
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    BackendConnection connection = (BackendConnection) f.getNow();
                    RespValue[] replies = new RespValue[commands.length];
                    int[] remaining = {commands.length};
                    for (int i = 0; i < commands.length; i++) {
                        int index = i;
                        connection.send(commands[i], new ReplyCallback() {
                            @Override
                            public void onReply(ByteBuf frame) {
                                replies[index] = RespValue.consume(frame);
                                if (--remaining[0] == 0) {
                                    result.complete(List.of(replies));
                                    connection.close("ERR query done");
                                }
                            }

                            @Override
                            public void onError(String redisError) {
                                result.completeExceptionally(new BackendUnavailableException(redisError));
                            }
                        });
                    }
                });
        return result;
    }
}
