package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.backend.KafkaSession;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.streams.StreamQueueSession;
import io.rkproxy.core.streams.StreamQueues;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A session's way to its tenant's queue: a Kafka pool, or a Streams queue on its redis pool. The
 * {@link KafkaSession} is opened at the first command that needs it and replaced when a reload gives the tenant
 * another pool.
 */
public final class KafkaRoute {

    /** What a tenant without a Redis pool may still run, besides its Kafka commands. */
    private static final Set<String> WITHOUT_REDIS = Set.of("auth", "hello", "quit", "reset", "ping", "echo",
            "client", "proxy");

    private final SessionContext client;
    private final Supplier<ReplyCallback> slots;
    private final Consumer<Refusal> refusals;
    private final StreamQueues queues;
    /** The Kafka pool, or for a Streams queue the redis pool, that {@link #open} belongs to. */
    private Object backend;
    private KafkaSession open;

    /**
     * @param slots    reserves a command's reply slot
     * @param refusals counts a refusal of the tenant's
     * @param queues   what the node's Streams queues share
     */
    public KafkaRoute(SessionContext client, Supplier<ReplyCallback> slots, Consumer<Refusal> refusals,
                      StreamQueues queues) {
        this.client = client;
        this.slots = slots;
        this.refusals = refusals;
        this.queues = queues;
    }

    /**
     * Runs {@code command} if it is the tenant's Kafka pool's, or refuses it when the tenant has nothing else to run
     * it on; null when the command is for Redis or the proxy.
     */
    RouteResult route(RespCommand command, CommandContext ctx, boolean inTransaction) {
        TenantConfig tenant = ctx.tenant();
        if (tenant.kafka().isPresent() && session(ctx, tenant.kafka().get()).claims(tenant, command)) {
            if (inTransaction) {
                return RouteResult.refuse(RespErrors.notInTransaction(command.name()));
            }
            open.execute(tenant, command, counting(slots.get()));
            return RouteResult.FORWARDED;
        }
        if (!tenant.hasRedisPool() && !WITHOUT_REDIS.contains(command.name())) {
            return RouteResult.refuse(Refusal.UNKNOWN_COMMAND, "Command not supported: "
                    + command.name().toUpperCase(Locale.ROOT));
        }
        return null;
    }

    private KafkaSession session(CommandContext ctx, KafkaAccess access) {
        boolean streams = access.streams().isPresent();
        KafkaGateway gateway = streams ? null : ctx.snapshot().kafkaPool(access.pool());
        Object current = streams ? ctx.pool() : gateway;
        if (open == null || current != backend) {
            close();
            backend = current;
            open = streams ? new StreamQueueSession(client, ctx.pool(), queues) : gateway.open(client);
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
                    refusals.accept(Refusal.NO_PERMISSION);
                }
                reply.onError(redisError);
            }
        };
    }

    void close() {
        if (open != null) {
            open.close();
            open = null;
            backend = null;
        }
    }
}
