package io.rkproxy.core.streams;

import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One tenant's Streams queue counters on this proxy node, shown by rafka's {@code HGETALL stats} in the Kafka pool's
 * order and names: a send is an XADD (KPUSH, RPUSHX), unflushed until Redis answers it, a delivery error when Redis
 * refuses it or cannot be reached; consumed entries are the ones KPOP and BLPOP handed to clients, acks the
 * {@code RPUSH acks} that succeeded.
 */
final class QueueCounters {

    final LongAdder unflushed = new LongAdder();
    final LongAdder deliveryErrors = new LongAdder();
    final LongAdder produced = new LongAdder();
    final LongAdder consumed = new LongAdder();
    final LongAdder acked = new LongAdder();

    /** {@code DEL stats}: counters restart from zero; the number of sends in flight stays what it is. */
    void reset() {
        deliveryErrors.reset();
        produced.reset();
        consumed.reset();
        acked.reset();
    }

    RespValue asReply() {
        List<RespValue> items = new ArrayList<>();
        add(items, "producer.unflushed.messages", unflushed.sum());
        add(items, "producer.delivery.errors", deliveryErrors.sum());
        add(items, "producer.unknown.events", 0);
        add(items, "producer.messages", produced.sum());
        add(items, "consumer.messages", consumed.sum());
        add(items, "consumer.acks", acked.sum());
        return new RespValue.Dict(items);
    }

    private static void add(List<RespValue> items, String name, long value) {
        items.add(TopicStreams.bulk(name));
        items.add(new RespValue.Int(value));
    }
}
