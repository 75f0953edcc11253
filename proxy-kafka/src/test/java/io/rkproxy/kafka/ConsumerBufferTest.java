package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** KPOP's side of a consumer's buffer: batches, what they mark done, and when they wake the consumer's thread. */
class ConsumerBufferTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final DoneOffsets done = new DoneOffsets();
    private final AtomicInteger wakes = new AtomicInteger();
    private final ConsumerBuffer buffer = new ConsumerBuffer("buffer:test", 100, done, wakes::incrementAndGet);

    @Test
    void aTakeHandsOutUpToItsCountOldestFirstAndMarksTheLastOffsetOfEachPartitionDone() {
        buffer.add(fetched(records(P0, 10, 5), records(P1, 20, 3)));
        List<ConsumerRecord<byte[], byte[]>> first = buffer.take(4);
        assertEquals(4, first.size());
        assertEquals(Map.of(P0, new OffsetAndMetadata(14)), done.toCommit());
        List<ConsumerRecord<byte[], byte[]>> rest = buffer.take(100);
        assertEquals(List.of("t-0@14", "t-1@20", "t-1@21", "t-1@22"), rest.stream()
                .map(r -> r.topic() + "-" + r.partition() + "@" + r.offset()).toList());
        assertEquals(Map.of(P0, new OffsetAndMetadata(15), P1, new OffsetAndMetadata(23)), done.toCommit());
        assertEquals(List.of(), buffer.take(1));
    }

    @Test
    void aTakeThatFindsNothingWakesTheConsumersThreadOncePerRound() {
        assertEquals(List.of(), buffer.take(10));
        assertEquals(List.of(), buffer.take(10));
        assertEquals(1, wakes.get());
        buffer.startRound();
        assertEquals(List.of(), buffer.take(10));
        assertEquals(2, wakes.get());
    }

    @Test
    void aClosingBufferHandsOutNothingMore() {
        buffer.add(fetched(records(P0, 0, 3)));
        buffer.close();
        assertEquals(List.of(), buffer.take(10));
        assertEquals(null, done.toCommit());
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(TopicPartition tp, long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ConsumerRecord<>(tp.topic(), tp.partition(), from + i, null, new byte[] {(byte) i}));
        }
        return out;
    }

    /** One poll's records, partition by partition in the order given. */
    @SafeVarargs
    private static ConsumerRecords<byte[], byte[]> fetched(List<ConsumerRecord<byte[], byte[]>>... partitions) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : partitions) {
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            byPartition.put(new TopicPartition(first.topic(), first.partition()), records);
        }
        return new ConsumerRecords<>(byPartition);
    }
}
