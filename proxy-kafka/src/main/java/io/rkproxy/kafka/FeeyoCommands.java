package io.rkproxy.kafka;

import static io.rkproxy.kafka.BulkStrings.bulk;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.QueueErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * KPUSH, KPOP, KPARTITION (KPARTITIONS) and KOFFSET, with feeyo-redisproxy's reply shapes and Redis-style errors.
 */
final class FeeyoCommands {


    private final KafkaCommandSession session;
    private final LoopReplies replies;

    FeeyoCommands(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        switch (command.name()) {
            case "kpush" -> kpush(tenant, command, reply);
            case "kpop" -> kpop(tenant, command, reply);
            case "koffset" -> koffset(tenant, command, reply);
            default -> kpartition(tenant, command, reply);
        }
    }

    /** {@code KPUSH topic [partition] value}: {@code [partition, offset]} once the broker acknowledged it. */
    private void kpush(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3 && command.argCount() != 4) {
            replies.error(reply, RespErrors.wrongArgs("kpush"));
            return;
        }
        String topic = command.argString(1);
        Integer partition = null;
        if (command.argCount() == 4) {
            Long parsed = parseLong(command.argString(2));
            if (parsed == null || parsed < 0 || parsed > Integer.MAX_VALUE) {
                replies.error(reply, QueueErrors.notInteger("partition"));
                return;
            }
            partition = parsed.intValue();
        }
        Integer target = partition;
        byte[] value = command.argBytes(command.argCount() - 1);
        session.withTopic(tenant, topic, TopicRight.PRODUCE, "ERR ", reply, description -> {
            if (target != null && target >= description.partitions().size()) {
                replies.error(reply, QueueErrors.noPartition(topic, target, description.partitions().size()));
                return;
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(description.name(), target, null, value);
            session.produce(tenant, record, null, (metadata, error) -> {
                if (error != null) {
                    replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(), error));
                } else {
                    replies.value(reply, new RespValue.Array(List.of(bulk(metadata.partition()),
                            bulk(metadata.offset()))));
                }
            });
        });
    }

    /**
     * {@code KPOP topic [COUNT n]}: the next record (up to n) of the tenant's group on this node, or nil when it holds
     * none right now; {@code KPOP topic partition offset [count]}: up to count records from that offset, committing
     * nothing.
     */
    private void kpop(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        int args = command.argCount();
        if (args != 2 && args != 4 && args != 5) {
            replies.error(reply, RespErrors.wrongArgs("kpop"));
            return;
        }
        String topic = command.argString(1);
        if (args == 2 || args == 4 && command.argEqualsIgnoreCase(2, "count")) {
            Long count = args == 2 ? Long.valueOf(1) : parseLong(command.argString(3));
            if (!QueueErrors.validCount(count)) {
                replies.error(reply, QueueErrors.badCount());
                return;
            }
            session.withTopic(tenant, topic, TopicRight.CONSUME, "ERR ", reply, description -> {
                List<ConsumerRecord<byte[], byte[]>> records = session.pool().stopping() ? List.of()
                        : session.pool().kpop().take(tenant.name(), description.name(), count.intValue());
                if (records.isEmpty()) {
                    replies.value(reply, RespValue.NULL);
                } else {
                    session.pool().stats(tenant.name()).consumed.add(records.size());
                    replies.frame(reply, s -> RecordReplies.triples(s.alloc(), records, s.protocol()));
                }
            });
            return;
        }
        Long partition = parseLong(command.argString(2));
        Long offset = parseLong(command.argString(3));
        Long count = command.argCount() == 5 ? parseLong(command.argString(4)) : Long.valueOf(1);
        if (partition == null || partition < 0 || partition > Integer.MAX_VALUE) {
            replies.error(reply, QueueErrors.notInteger("partition"));
        } else if (offset == null || offset < 0) {
            replies.error(reply, QueueErrors.notInteger("offset"));
        } else if (!QueueErrors.validCount(count)) {
            replies.error(reply, QueueErrors.badCount());
        } else {
            session.withTopic(tenant, topic, TopicRight.CONSUME, "ERR ", reply, description -> {
                if (partition >= description.partitions().size()) {
                    replies.error(reply, QueueErrors.noPartition(topic, partition.intValue(),
                            description.partitions().size()));
                    return;
                }
                TopicPartition tp = new TopicPartition(description.name(), partition.intValue());
                session.pool().reader().read(tp, offset, count.intValue()).whenComplete((records, error) -> {
                    if (error == null) {
                        session.pool().stats(tenant.name()).consumed.add(records.size());
                        replies.frame(reply, s -> RecordReplies.triples(s.alloc(), records, s.protocol()));
                    } else if (KafkaErrors.rootOf(error) instanceof PartitionReader.OutOfRange range) {
                        replies.error(reply, "ERR offset " + offset + " is out of range for partition " + partition
                                + " of topic '" + topic + "' (log start " + range.logStart + ", end " + range.logEnd
                                + ")");
                    } else {
                        replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(), error));
                    }
                });
            });
        }
    }

    /** {@code KPARTITION topic [DETAIL]}: the partition ids, or per partition its leader, replicas, ISR and log. */
    private void kpartition(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        boolean detail = command.argCount() == 3 && command.argEqualsIgnoreCase(2, "detail");
        if (command.argCount() != 2 && !detail) {
            replies.error(reply, command.argCount() == 3 ? RespErrors.syntax() : RespErrors.wrongArgs(command.name()));
            return;
        }
        String topic = command.argString(1);
        session.withTopic(tenant, topic, null, "ERR ", reply, description -> {
            if (!detail) {
                replies.value(reply, new RespValue.Array(description.partitions().stream()
                        .map(p -> (RespValue) new RespValue.Int(p.partition())).toList()));
                return;
            }
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(description.name(), p.partition())).toList();
            var catalog = session.pool().catalog();
            catalog.offsets(partitions, OffsetSpec.earliest()).thenCombine(
                    catalog.offsets(partitions, OffsetSpec.latest()), (start, end) -> details(description, start, end))
                    .whenComplete((value, error) -> {
                        if (error != null) {
                            replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(),
                                    error));
                        } else {
                            replies.value(reply, value);
                        }
                    });
        });
    }

    private static RespValue details(TopicDescription description, Map<TopicPartition, ListOffsetsResultInfo> start,
                                     Map<TopicPartition, ListOffsetsResultInfo> end) {
        List<RespValue> out = new ArrayList<>();
        for (TopicPartitionInfo p : description.partitions()) {
            TopicPartition tp = new TopicPartition(description.name(), p.partition());
            out.add(new RespValue.Dict(List.of(
                    bulk("partition"), new RespValue.Int(p.partition()),
                    bulk("leader"), new RespValue.Int(p.leader() == null ? -1 : p.leader().id()),
                    bulk("replicas"), ids(p.replicas()),
                    bulk("isr"), ids(p.isr()),
                    bulk("log-start-offset"), new RespValue.Int(start.get(tp).offset()),
                    bulk("log-end-offset"), new RespValue.Int(end.get(tp).offset()))));
        }
        return new RespValue.Array(out);
    }

    /** {@code KOFFSET topic partition time}: {@code [offset, timestamp]}; time -1 is latest, -2 earliest. */
    private void koffset(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 4) {
            replies.error(reply, RespErrors.wrongArgs("koffset"));
            return;
        }
        String topic = command.argString(1);
        Long partition = parseLong(command.argString(2));
        Long time = parseLong(command.argString(3));
        if (partition == null || partition < 0 || partition > Integer.MAX_VALUE) {
            replies.error(reply, QueueErrors.notInteger("partition"));
            return;
        }
        if (time == null || time < -2) {
            replies.error(reply, QueueErrors.badTime());
            return;
        }
        OffsetSpec spec = time == -1 ? OffsetSpec.latest() : time == -2 ? OffsetSpec.earliest()
                : OffsetSpec.forTimestamp(time);
        session.withTopic(tenant, topic, null, "ERR ", reply, description -> {
            if (partition >= description.partitions().size()) {
                replies.error(reply, QueueErrors.noPartition(topic, partition.intValue(),
                        description.partitions().size()));
                return;
            }
            TopicPartition tp = new TopicPartition(description.name(), partition.intValue());
            session.pool().catalog().offsets(List.of(tp), spec).whenComplete((offsets, error) -> {
                if (error != null) {
                    replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(), error));
                } else {
                    ListOffsetsResultInfo info = offsets.get(tp);
                    replies.value(reply, new RespValue.Array(List.of(bulk(info.offset()), bulk(info.timestamp()))));
                }
            });
        });
    }

    private static RespValue ids(List<Node> nodes) {
        return new RespValue.Array(nodes.stream().map(n -> (RespValue) new RespValue.Int(n.id())).toList());
    }

    static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
