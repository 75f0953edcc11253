package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The waiters of a consumer that has nothing to hand out (not opened: no KafkaConsumer, no thread). */
class GroupConsumerWaitersTest {

    private final GroupConsumer consumer = new GroupConsumer("waiters:test", new Properties(), List.of("t"), false,
            10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** A BLPOP's waiter: {@code taken} is the flag its timeout sets too. */
    private static ConsumerBuffer.Waiter waiter(AtomicBoolean taken) {
        return new ConsumerBuffer.Waiter() {
            @Override
            public boolean claim() {
                return taken.compareAndSet(false, true);
            }

            @Override
            public boolean taken() {
                return taken.get();
            }

            @Override
            public void onRecord(ConsumerRecord<byte[], byte[]> record) {
                throw new AssertionError("nothing was buffered");
            }

            @Override
            public void onError(String error) {
                throw new AssertionError(error);
            }
        };
    }

    @Test
    void waitersTheirTimeoutAnsweredDoNotPileUp() {
        for (int i = 0; i < 1000; i++) {
            AtomicBoolean taken = new AtomicBoolean();
            consumer.await(waiter(taken));
            assertEquals(1, consumer.waiting());
            // the BLPOP's timeout answers it (nil): it stays queued only until the next BLPOP comes
            assertTrue(taken.compareAndSet(false, true));
        }
    }

    @Test
    void aLiveWaiterKeepsItsPlace() {
        AtomicBoolean first = new AtomicBoolean();
        consumer.await(waiter(first));
        consumer.await(waiter(new AtomicBoolean()));
        assertEquals(2, consumer.waiting());
    }
}
