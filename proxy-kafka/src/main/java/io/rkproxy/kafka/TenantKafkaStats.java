package io.rkproxy.kafka;

import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's Kafka counters on this proxy node, shown by rafka's {@code HGETALL stats}. The first three keep
 * rafka's names; {@code producer.unknown.events} counts librdkafka events rafka could not classify and is always 0
 * here.
 */
final class TenantKafkaStats {

    final AtomicLong unflushed = new AtomicLong();
    final AtomicLong deliveryErrors = new AtomicLong();
    final AtomicLong produced = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong acked = new AtomicLong();

    /** {@code DEL stats}: counters restart from zero; the number of messages in flight stays what it is. */
    void reset() {
        deliveryErrors.set(0);
        produced.set(0);
        consumed.set(0);
        acked.set(0);
    }

    RespValue asReply() {
        List<RespValue> items = new ArrayList<>();
        add(items, "producer.unflushed.messages", unflushed.get());
        add(items, "producer.delivery.errors", deliveryErrors.get());
        add(items, "producer.unknown.events", 0);
        add(items, "producer.messages", produced.get());
        add(items, "consumer.messages", consumed.get());
        add(items, "consumer.acks", acked.get());
        return new RespValue.Dict(items);
    }

    private static void add(List<RespValue> items, String name, long value) {
        items.add(new RespValue.Bulk(name.getBytes(StandardCharsets.UTF_8)));
        items.add(new RespValue.Int(value));
    }
}
