package io.rkproxy.kafka;

import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record on its way from an event loop to the pool's producer, with what to tell once the producer has it
 * ({@code onQueued}: null or what send() threw) and once the brokers answered ({@code onDelivered}).
 */
record PendingSend(ProducerRecord<byte[], byte[]> record, Consumer<RuntimeException> onQueued, Callback onDelivered) {

    /** What the record weighs in the producer's buffer and a connection's share of it: its key and value. */
    static int sizeOf(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    String topic() {
        return record.topic();
    }

    int size() {
        return sizeOf(record);
    }

    /** The record will not reach the producer: both callbacks get {@code e}. */
    void fail(RuntimeException e) {
        onQueued.accept(e);
        onDelivered.onCompletion(null, e);
    }
}
