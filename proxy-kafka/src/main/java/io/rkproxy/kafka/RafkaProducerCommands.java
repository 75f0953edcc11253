package io.rkproxy.kafka;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;

/** rafka's sends on one connection: {@code RPUSHX} hands a record to the producer, {@code DUMP} waits for them. */
final class RafkaProducerCommands {

    private final KafkaCommandSession session;
    private final LoopReplies replies;

    RafkaProducerCommands(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    /** {@code RPUSHX topics:<topic>[:<key>] <message>}: {@code :1} once the producer has it. */
    void produce(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, "PROD RPUSHX accepts 2 arguments, got " + (command.argCount() - 1));
            return;
        }
        String[] parts = command.argString(1).split(":", -1);
        if ((parts.length != 2 && parts.length != 3) || !parts[0].equals("topics") || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            replies.error(reply, "PROD First argument must be in the form of 'topics:<topic>' or "
                    + "'topics:<topic>:<key>'");
            return;
        }
        byte[] key = parts.length == 3 ? parts[2].getBytes(StandardCharsets.UTF_8) : null;
        byte[] value = command.argBytes(2);
        session.withTopic(tenant, parts[1], TopicRight.PRODUCE, "PROD ", reply, description ->
                session.produce(tenant, new ProducerRecord<>(description.name(), key, value), error -> {
                    if (error != null) {
                        replies.error(reply, "PROD " + error.getMessage());
                    } else {
                        replies.integer(reply, 1);
                    }
                }, null));
    }

    /** {@code DUMP <timeoutMs>}: waits for this connection's sends; replies how many are still outstanding. */
    void dump(RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, "PROD DUMP accepts 1 argument, got " + (command.argCount() - 1));
            return;
        }
        Long timeoutMs = FeeyoCommands.parseLong(command.argString(1));
        if (timeoutMs == null || timeoutMs < 0) {
            replies.error(reply, "PROD DUMP timeout must be a non-negative integer of milliseconds, got '"
                    + command.argString(1) + "'");
            return;
        }
        OutstandingSends outstanding = session.outstanding();
        AtomicBoolean answered = new AtomicBoolean();
        outstanding.whenDrained(() -> {
            if (answered.compareAndSet(false, true)) {
                replies.integer(reply, 0);
            }
        });
        if (!answered.get()) {
            session.context().loop().schedule(() -> {
                if (answered.compareAndSet(false, true)) {
                    replies.integer(reply, outstanding.count());
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }
}
