package io.rkproxy.kafka;

import static io.rkproxy.kafka.BulkStrings.bulk;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** rafka's commands on the tenant rather than the connection: its topic list and its stats. */
final class RafkaTenantCommands {

    private final KafkaCommandSession session;
    private final LoopReplies replies;

    RafkaTenantCommands(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    /** {@code KEYS topics:}: the topics of Kafka's the tenant was granted, as {@code topics:<name>}. */
    void keys(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, RespErrors.wrongArgs("keys"));
            return;
        }
        if (!command.argString(1).equals(RafkaConnection.TOPICS)) {
            replies.error(reply, "ERR Expected argument to be 'topics:', got " + command.argString(1));
            return;
        }
        KafkaAccess access = tenant.kafka().orElseThrow();
        session.pool().catalog().names().whenComplete((names, error) -> {
            if (error != null) {
                replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(), error));
                return;
            }
            List<RespValue> out = new ArrayList<>();
            names.stream().sorted().map(access::clientTopic).flatMap(Optional::stream)
                    .forEach(t -> out.add(bulk(RafkaConnection.TOPICS + t)));
            replies.value(reply, new RespValue.Array(out));
        });
    }

    /** {@code HGETALL stats} and {@code DEL stats}, over the tenant's own counters. */
    void stats(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, RespErrors.wrongArgs(command.name()));
            return;
        }
        if (!command.argEqualsIgnoreCase(1, "stats")) {
            replies.error(reply, "ERR Expected key to be 'stats', got " + command.argString(1).toUpperCase(Locale.ROOT));
            return;
        }
        QueueCounters stats = session.pool().stats(tenant.name());
        if (command.name().equals("del")) {
            stats.reset();
            replies.integer(reply, 1);
        } else {
            replies.value(reply, stats.asReply());
        }
    }
}
