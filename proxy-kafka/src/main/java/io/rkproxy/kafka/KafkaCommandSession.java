package io.rkproxy.kafka;

import io.rkproxy.core.backend.KafkaSession;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.QueueErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka side of one client connection: it decides which commands are Kafka's, checks grants, and holds what
 * the connection owns (outstanding sends, its rafka identity and consumer). Runs on the connection's event loop.
 */
final class KafkaCommandSession implements KafkaSession {

    private static final Set<String> FEEYO = Set.of("kpush", "kpop", "kpartition", "kpartitions", "koffset");

    private final KafkaPool pool;
    private final SessionContext context;
    private final LoopReplies replies;
    private final OutstandingSends outstanding;
    private final OrderedSteps steps = new OrderedSteps();
    private final FeeyoCommands feeyo;
    private final RafkaConnection rafka;

    KafkaCommandSession(KafkaPool pool, SessionContext context) {
        this.pool = pool;
        this.context = context;
        this.replies = new LoopReplies(context);
        this.outstanding = new OutstandingSends(pool.connectionSendBytes(), context::holdReads, pool.sendBytes());
        this.feeyo = new FeeyoCommands(this);
        this.rafka = new RafkaConnection(this);
    }

    @Override
    public boolean claims(TenantConfig tenant, RespCommand command) {
        if (FEEYO.contains(command.name())) {
            return true;
        }
        return tenant.kafka().map(KafkaAccess::rafka).orElse(false)
                && RafkaConnection.claims(command, !tenant.hasRedisPool());
    }

    @Override
    public void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (FEEYO.contains(command.name())) {
            feeyo.execute(tenant, command, reply);
        } else {
            rafka.execute(tenant, command, reply);
        }
    }

    @Override
    public void close() {
        rafka.close();
    }

    KafkaPool pool() {
        return pool;
    }

    SessionContext context() {
        return context;
    }

    LoopReplies replies() {
        return replies;
    }

    OutstandingSends outstanding() {
        return outstanding;
    }

    /**
     * Checks the tenant's grant on {@code topic} (the client's name) and that Kafka has it, then runs {@code then}
     * on the event loop with its description, in request order with the connection's other topic-bound steps.
     * Failures are replied to with {@code errorPrefix} ("ERR ", "PROD ", "CONS ") before the text, except missing
     * grants, which are NOPERM everywhere.
     */
    void withTopic(TenantConfig tenant, String topic, TopicRight right, String errorPrefix, ReplyCallback reply,
                   Consumer<TopicDescription> then) {
        KafkaAccess access = tenant.kafka().orElseThrow();
        boolean granted = right == null ? access.granted(topic) : access.may(topic, right);
        if (!granted) {
            replies.error(reply, QueueErrors.noGrant(tenant.name(), right == null ? "use" : right.key(), topic));
            return;
        }
        if (right == TopicRight.PRODUCE && tenant.readOnly()) {
            replies.error(reply, QueueErrors.readOnly(tenant.name()));
            return;
        }
        String kafkaTopic = access.kafkaTopic(topic);
        TopicDescription cached = pool.catalog().cached(kafkaTopic);
        if (cached != null) {
            steps.run(() -> then.accept(cached));
            return;
        }
        OrderedSteps.Step step = steps.reserve();
        pool.catalog().describe(kafkaTopic).whenComplete((description, error) -> replies.onLoop(() ->
                steps.complete(step, () -> {
                    if (error == null) {
                        then.accept(description);
                    } else if (KafkaErrors.rootOf(error) instanceof UnknownTopicOrPartitionException) {
                        if (right == TopicRight.PRODUCE) {
                            pool.stats(tenant.name()).deliveryErrors.increment();
                        }
                        replies.error(reply, errorPrefix + KafkaErrors.unknownTopic(topic));
                    } else {
                        replies.error(reply, errorPrefix + KafkaErrors.unavailable(pool.config().name(), error));
                    }
                })));
    }

    /**
     * Sends a record, counting it for the tenant's stats and this connection's DUMP, once the connection's
     * outstanding sends leave room for it; call on the event loop. {@code onQueued} (may be null) gets null or the
     * error once the producer has the record, {@code onDelivered} (may be null) the broker's answer; both on the
     * event loop.
     */
    void produce(TenantConfig tenant, ProducerRecord<byte[], byte[]> record, Consumer<RuntimeException> onQueued,
                 BiConsumer<RecordMetadata, Exception> onDelivered) {
        QueueCounters stats = pool.stats(tenant.name());
        stats.produced.increment();
        stats.unflushed.increment();
        int size = PendingSend.sizeOf(record);
        outstanding.start(size, () -> pool.producer().send(context.loop(), record,
                error -> {
                    if (onQueued != null) {
                        replies.onLoop(() -> onQueued.accept(error));
                    }
                },
                // kafka-clients runs this on its one network thread, which every acknowledgement waits for: the
                // bookkeeping happens on the event loop instead
                (metadata, error) -> replies.onLoop(() -> {
                    stats.unflushed.decrement();
                    if (error != null) {
                        stats.deliveryErrors.increment();
                    }
                    outstanding.finished(size);
                    if (onDelivered != null) {
                        onDelivered.accept(metadata, error);
                    }
                })));
    }
}
