package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker crashes under pipelined KPUSH load and comes back: every KPUSH answered {@code [partition, offset]}
 * is in Kafka at that place, none is there twice, errors come only while the broker is away, and no client hangs.
 */
class KafkaFaultsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(true, "",
            "shop: {password: shop-secret, kafka: events, topics: {${orders}: [produce]}}");

    private static final int CLIENTS = 4;
    private static final int PIPELINE = 16;
    /** The load goes on this long after the broker is back, to see serving recover; a restart's length varies. */
    private static final long AFTER_FAULT_MS = 4_000;
    /** Longer than any KPUSH may wait: the pool's request timeout, and the producer's queue before it. */
    private static final int HUNG_MS = 30_000;
    private static final Pattern PLACE = Pattern.compile("\\d+\n\\d+");

    @Test
    void aBrokerKilledAndRestartedUnderKpushLoadLosesNoAcknowledgedRecordAndDuplicatesNone() throws Exception {
        String orders = kafka.createTopic("orders", 2);
        FaultRun run = FaultRun.run("SIGKILL and restart of the Kafka broker", CLIENTS, FaultRow.seconds(4),
                (r, client, deadline) -> kpush(r, client, deadline, orders), () -> {
                    kafka.broker().kill();
                    kafka.broker().restart();
                });
        TopicContents topic = TopicContents.read(kafka.broker().bootstrap(), orders);
        run.lostOf(topic::valuesAt);

        System.out.println(run);
        System.out.println("kafka after the broker's SIGKILL: " + topic.records() + " records in the topic for "
                + run.ok() + " KPUSHes answered with their place, " + topic.duplicates() + " duplicated");
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.lost(), run.toString());
        assertEquals(0, topic.duplicates(), "records in Kafka twice");
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < 5_000, run.toString());
    }

    /** Pipelines KPUSHes of unique values, and remembers the place each acknowledged one got. */
    private static void kpush(FaultRun run, int client, long deadline, String topic) {
        try (RespSocket c = kafka.login("shop-secret")) {
            c.timeout(HUNG_MS);
            for (long i = 0; System.nanoTime() < deadline || !run.faultOverFor(AFTER_FAULT_MS); i += PIPELINE) {
                for (int k = 0; k < PIPELINE; k++) {
                    c.send("KPUSH", topic, value(client, i + k));
                }
                for (int k = 0; k < PIPELINE; k++) {
                    String reply = c.read();
                    if (run.count(reply, PLACE.asMatchPredicate())) {
                        run.acknowledged(reply.replace('\n', ':'), value(client, i + k));
                    }
                }
            }
        }
    }

    private static String value(int client, long i) {
        return "c" + client + "-" + i;
    }
}
