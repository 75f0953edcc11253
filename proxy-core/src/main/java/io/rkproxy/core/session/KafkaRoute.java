package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.backend.KafkaSession;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.Locale;
import java.util.Set;

/**
 * A session's way to its tenant's Kafka pool. The pool's {@link KafkaSession} is opened at the first command that
 * needs it and replaced when a reload gives the tenant another pool.
 */
final class KafkaRoute implements SessionContext {

    /** What a tenant without a Redis pool may still run, besides its Kafka commands. */
    private static final Set<String> WITHOUT_REDIS = Set.of("auth", "hello", "quit", "reset", "ping", "echo",
            "client", "proxy");

    private final ClientSession session;
    private KafkaGateway gateway;
    private KafkaSession open;

    KafkaRoute(ClientSession session) {
        this.session = session;
    }

    /**
     * Runs {@code command} if it is the tenant's Kafka pool's, or refuses it when the tenant has nothing else to run
     * it on; returns false when the command is for Redis or the proxy.
     */
    boolean route(TenantConfig tenant, RespCommand command) {
        if (tenant.kafka().isPresent() && session(tenant.kafka().get()).claims(tenant, command)) {
            if (session.inTransaction()) {
                session.refuseInTransaction("ERR '" + command.name() + "' is not allowed inside a transaction by "
                        + "rkproxy");
            } else {
                open.execute(tenant, command, counting(session.reserve()));
            }
            return true;
        }
        if (!tenant.hasRedisPool() && !WITHOUT_REDIS.contains(command.name())) {
            session.refused(Refusal.UNKNOWN_COMMAND);
            session.replyError("Command not supported: " + command.name().toUpperCase(Locale.ROOT));
            return true;
        }
        return false;
    }

    private KafkaSession session(KafkaAccess access) {
        KafkaGateway current = session.runtime().snapshot().kafkaPool(access.pool());
        if (current != gateway) {
            close();
            gateway = current;
            open = current.open(this);
        }
        return open;
    }

    /** Grant refusals count like every other refusal of the tenant's. */
    private ReplyCallback counting(ReplyCallback reply) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                reply.onReply(frame);
            }

            @Override
            public void onError(String redisError) {
                if (redisError.startsWith("NOPERM")) {
                    session.refused(Refusal.NO_PERMISSION);
                }
                reply.onError(redisError);
            }
        };
    }

    void close() {
        if (open != null) {
            open.close();
            open = null;
            gateway = null;
        }
    }

    @Override
    public long sessionId() {
        return session.id();
    }

    @Override
    public EventLoop loop() {
        return session.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return session.alloc();
    }

    @Override
    public Protocol protocol() {
        return session.protocol();
    }

    @Override
    public void clientName(String name) {
        session.clientName(name);
    }
}
