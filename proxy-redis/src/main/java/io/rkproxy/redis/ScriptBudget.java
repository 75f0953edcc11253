package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's script time limit ({@code script-time-limit-ms}) on one node. While a script runs, Redis takes no
 * command at all until the script has run for the backend's busy-reply-threshold, which every prepared connection
 * sets to the limit; only then does it take SCRIPT KILL and FUNCTION KILL. So a kill sent when a script command is
 * still unanswered at its limit can only stop a script that has run past the limit: that one, or whatever script
 * holds the node instead, which is past it too. When none is, Redis answers NOTBUSY and nothing happens. The kill
 * goes as the pool's user over a connection of its own that only authenticates, since Redis takes little else from
 * a new connection while busy.
 */
final class ScriptBudget {

    private static final Logger log = LoggerFactory.getLogger(ScriptBudget.class);

    private static final Set<String> SCRIPTS = Set.of("eval", "eval_ro", "evalsha", "evalsha_ro", "fcall",
            "fcall_ro", "exec");
    private static final ReplyPrefix KILLED = new ReplyPrefix("-ERR Script killed by user");
    /** Pools and nodes whose backend refused the threshold, so it is logged once, not per connection. */
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

    private final PoolConfig pool;
    private final Address node;
    private final long limitNanos;
    private final Supplier<RedisConnector> killConnector;

    /** @param killConnector a connector for the kill's own connection, counted apart from the pool's */
    ScriptBudget(PoolConfig pool, Address node, Supplier<RedisConnector> killConnector) {
        this.pool = pool;
        this.node = node;
        this.limitNanos = pool.scriptTimeLimit().toNanos();
        this.killConnector = killConnector;
    }

    /** The command that sets the backend's busy-reply-threshold to the limit, unless there is none. */
    Optional<RespCommand> threshold() {
        return limitNanos == 0 ? Optional.empty() : Optional.of(RespCommand.of("CONFIG", "SET",
                "busy-reply-threshold", Long.toString(pool.scriptTimeLimit().toMillis())));
    }

    void thresholdRefused(String error) {
        if (REFUSED.add(pool.name() + "@" + node)) {
            log.warn("pool '{}' node {}: CONFIG SET busy-reply-threshold was refused ({}); a script is killed only "
                    + "once it has run for the backend's own busy-reply-threshold", pool.name(), node, error);
        }
    }

    /**
     * The callback to send {@code command} with: for a script, function or EXEC (which may run scripts), one that
     * kills the script when no reply has come by the limit, and tells the client why it was killed.
     *
     * @param onKilled run when the reply says the kill stopped this command's script
     */
    ReplyCallback watch(RespCommand command, ReplyCallback callback, EventLoop loop, Runnable onKilled) {
        if (limitNanos == 0 || !SCRIPTS.contains(command.name())) {
            return callback;
        }
        return new Watched(callback, loop, onKilled);
    }

    private final class Watched implements ReplyCallback {

        private final ReplyCallback callback;
        private final Runnable onKilled;
        private final ScheduledFuture<?> timer;
        private boolean killSent;

        Watched(ReplyCallback callback, EventLoop loop, Runnable onKilled) {
            this.callback = callback;
            this.onKilled = onKilled;
            this.timer = loop.schedule(() -> {
                killSent = true;
                kill(loop);
            }, limitNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onReply(ByteBuf frame) {
            timer.cancel(false);
            if (killSent && KILLED.starts(frame)) {
                frame.release();
                onKilled.run();
                callback.onError("ERR script killed by rkproxy: it ran longer than the " + pool.scriptTimeLimit()
                        .toMillis() + " ms that pool '" + pool.name() + "' allows (script-time-limit-ms)");
            } else {
                callback.onReply(frame);
            }
        }

        @Override
        public void onError(String redisError) {
            timer.cancel(false);
            callback.onError(redisError);
        }
    }

    /** Sends SCRIPT KILL and FUNCTION KILL: whichever kind runs, the other is refused harmlessly. */
    private void kill(EventLoop loop) {
        for (String kind : new String[] {"SCRIPT", "FUNCTION"}) {
            kill(loop, RespCommand.of(kind, "KILL"), new ReplyCallback() {
                @Override
                public void onReply(ByteBuf reply) {
                    RespValue value = RespValue.consume(reply);
                    if (value instanceof RespValue.Error error && error.text().startsWith("UNKILLABLE")) {
                        log.warn("pool '{}' node {}: a script past {} ms has written and cannot be killed: {}",
                                pool.name(), node, pool.scriptTimeLimit().toMillis(), error.text());
                    } else if (!(value instanceof RespValue.Error)) {
                        log.info("pool '{}' node {}: killed a {} that ran past {} ms", pool.name(), node,
                                kind.toLowerCase(Locale.ROOT), pool.scriptTimeLimit().toMillis());
                    }
                }

                @Override
                public void onError(String redisError) {
                    log.warn("pool '{}' node {}: cannot kill a script past its limit: {}", pool.name(), node,
                            redisError);
                }
            });
        }
    }

    /**
     * Sends SCRIPT KILL or FUNCTION KILL as the pool's user over a connection of its own, and hands on the reply;
     * takes ownership of {@code command}. Like any kill, it stops only a script past the busy-reply-threshold.
     */
    void kill(EventLoop loop, RespCommand command, ReplyCallback callback) {
        killConnector.get().sendOnce(loop, command, callback);
    }
}
