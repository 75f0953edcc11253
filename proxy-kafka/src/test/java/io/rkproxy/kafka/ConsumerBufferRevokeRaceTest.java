package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A KPOP's take racing a revocation (drop, then commit of the done offsets, on the consumer's thread): records a take
 * handed out must be in the revocation's commit, or the partition's next owner hands them out again.
 */
class ConsumerBufferRevokeRaceTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);

    @Test
    void recordsATakeHandedOutAreInTheCommitOfARevocationRacingIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int lost = 0;
        try {
            for (int i = 0; i < 20_000 && lost == 0; i++) {
                DoneOffsets done = new DoneOffsets();
                ConsumerBuffer buffer = new ConsumerBuffer("race", 1000, done, () -> { });
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                for (int o = 0; o < 50; o++) {
                    records.add(new ConsumerRecord<>("t", 0, o, null, new byte[] {1}));
                }
                buffer.add(new ConsumerRecords<>(Map.of(P0, records)));
                CyclicBarrier start = new CyclicBarrier(2);
                Future<List<ConsumerRecord<byte[], byte[]>>> kpop = threads.submit(() -> {
                    start.await();
                    return buffer.take(50);
                });
                Future<Map<TopicPartition, OffsetAndMetadata>> revoke = threads.submit(() -> {
                    start.await();
                    buffer.drop(List.of(P0));
                    return done.drain(List.of(P0));
                });
                List<ConsumerRecord<byte[], byte[]>> taken = kpop.get();
                Map<TopicPartition, OffsetAndMetadata> committed = revoke.get();
                if (!taken.isEmpty() && committed.get(P0) == null) {
                    lost = i + 1;
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, lost, "a take's records were handed out but missed the revocation's commit (iteration "
                + lost + ")");
    }
}
