package io.rkproxy.core.command;

import io.netty.buffer.Unpooled;
import io.rkproxy.core.resp.RespValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A real Redis's commands as its {@code COMMAND INFO} reply describes them (arity, flags, ACL categories, key specs,
 * subcommands), for tests that need a pool's metadata without a backend. The resource is the raw RESP2 reply of
 * redis-server 7.0.15 to {@code COMMAND INFO} with these names:
 *
 * <pre>
 * get set mset mget del unlink exists incr append expire ttl type keys scan dbsize randomkey flushdb flushall
 * blpop brpop bzpopmin blmpop lmpop zmpop lpush lrange hset hget zadd xadd xread xreadgroup
 * eval evalsha eval_ro fcall zunionstore zinterstore sort sort_ro georadius geosearchstore copy rename smove
 * multi exec discard watch unwatch wait publish spublish subscribe psubscribe unsubscribe pubsub
 * script function config client info command ping echo select memory debug swapdb
 * </pre>
 *
 * To add a command, send the list with it to a redis-server and save the reply byte for byte.
 */
public final class RedisCommands {

    private static final String RESOURCE = "redis-7.0-command-info.resp";
    private static final CommandTable TABLE = load();

    private RedisCommands() {
    }

    public static CommandTable table() {
        return TABLE;
    }

    /** The spec of a captured command, by its lower-case name. */
    public static CommandSpec spec(String name) {
        return TABLE.get(name).orElseThrow(() -> new IllegalArgumentException(name + " is not in " + RESOURCE));
    }

    private static CommandTable load() {
        try (InputStream in = RedisCommands.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return CommandTable.fromCommandReply(RespValue.parse(Unpooled.wrappedBuffer(in.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
