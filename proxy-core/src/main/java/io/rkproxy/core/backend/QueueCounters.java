package io.rkproxy.core.backend;

import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One tenant's queue counters on this proxy node, on a Kafka pool or a Streams queue, shown by rafka's
 * {@code HGETALL stats} with rafka's names: a send is a record handed to the producer (an XADD on Streams), unflushed
 * until acknowledged, a delivery error when it is refused or cannot be delivered; consumed records are the ones KPOP
 * and BLPOP handed to clients, acks the {@code RPUSH acks} that succeeded. {@code producer.unknown.events} counts
 * librdkafka events rafka could not classify and is always 0 here.
 */
public final class QueueCounters {

    public final LongAdder unflushed = new LongAdder();
    public final LongAdder deliveryErrors = new LongAdder();
    public final LongAdder produced = new LongAdder();
    public final LongAdder consumed = new LongAdder();
    public final LongAdder acked = new LongAdder();

    /** {@code DEL stats}: counters restart from zero; the number of sends in flight stays what it is. */
    public void reset() {
        deliveryErrors.reset();
        produced.reset();
        consumed.reset();
        acked.reset();
    }

    public RespValue asReply() {
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
        items.add(new RespValue.Bulk(name.getBytes(StandardCharsets.US_ASCII)));
        items.add(new RespValue.Int(value));
    }
}
