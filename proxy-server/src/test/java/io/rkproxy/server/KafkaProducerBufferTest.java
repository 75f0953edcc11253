package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pool's producer has {@code buffer.memory} for one batch, so a burst's records wait in the proxy's producer
 * buffer and go out one batch at a time, each when the acknowledgement of the one before frees its memory.
 * kafka-clients returns that memory only after the acknowledgement's callbacks ran: the proxy must still send what
 * waits once it is back, with no new record to set it off.
 */
class KafkaProducerBufferTest {

    private static final int BUFFER_BYTES = 16_384;
    private static final int ROUNDS = 20;
    private static final int BURST = 20;
    /** A reply this late means the burst's remaining records stalled: a KPUSH here takes a few ms. */
    private static final int STALLED_MS = 5_000;
    private static final String PADDING = "x".repeat(200);

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(false, """
            connection-send-bytes: %d
            producer: {buffer.memory: %d, batch.size: %d, linger.ms: 0}"""
            .formatted(BUFFER_BYTES, BUFFER_BYTES, BUFFER_BYTES),
            "bulk: {password: bulk-secret, kafka: events, topics: {${burst}: [produce]}}");

    @Test
    void burstsIntoABufferWithRoomForOneBatchAllGoOutInOrderAndTheConnectionKeepsBeingRead() {
        String topic = kafka.createTopic("burst", 1);
        List<String> places = new ArrayList<>();
        List<String> values = new ArrayList<>();
        long errors = 0;
        long wrong = 0;
        long hung = 0;
        long slowestBurstMs = 0;
        long started = System.nanoTime();
        try (RespSocket writer = kafka.login("bulk-secret")) {
            writer.timeout(STALLED_MS);
            long lastOffset = -1;
            bursts:
            for (int round = 0; round < ROUNDS; round++) {
                long at = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    writer.send("KPUSH", topic, "r" + round + "-" + i + "-" + PADDING);
                }
                for (int i = 0; i < BURST; i++) {
                    String reply;
                    try {
                        reply = writer.read();
                    } catch (UncheckedIOException stalled) {
                        hung = (long) (ROUNDS - round) * BURST - i;
                        break bursts;
                    }
                    String[] parts = reply.split("\n");
                    if (parts.length != 2) {
                        errors++;
                        continue;
                    }
                    long offset = Long.parseLong(parts[1]);
                    if (offset <= lastOffset) {
                        wrong++;
                        continue;
                    }
                    lastOffset = offset;
                    places.add(parts[0] + ":" + offset);
                    values.add("r" + round + "-" + i + "-" + PADDING);
                }
                slowestBurstMs = Math.max(slowestBurstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at));
            }
            if (hung == 0) {
                assertEquals("+PONG", writer.call("PING"), "the connection is still read after the last burst");
            }
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<String> stored = TopicContents.read(kafka.broker().bootstrap(), topic).valuesAt(places);
        long lost = 0;
        for (int i = 0; i < places.size(); i++) {
            lost += values.get(i).equals(stored.get(i)) ? 0 : 1;
        }
        int ops = ROUNDS * BURST;
        System.out.println(new FaultRow("kafka: bursts into a one-batch buffer", ops, places.size(), errors, 0, 0,
                wrong, lost, hung, 0));
        System.out.printf("kafkabuffer bursts=%d records-per-burst=%d slowest-burst-ms=%d total-ms=%d%n", ROUNDS,
                BURST, slowestBurstMs, tookMs);
        assertEquals(0, hung, "KPUSHes never answered: the records waiting for buffer memory were not sent");
        assertEquals(0, errors, "every reply is an offset");
        assertEquals(0, wrong, "every offset is past the one before");
        assertEquals(0, lost, "every acknowledged KPUSH is in its topic");
        assertTrue(slowestBurstMs < STALLED_MS / 2, "a burst of " + BURST + " took " + slowestBurstMs + " ms");
    }
}
