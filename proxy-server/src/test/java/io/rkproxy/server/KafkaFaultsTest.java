package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker fails under pipelined KPUSH load: every KPUSH answered {@code [partition, offset]} is in Kafka at
 * that place, none is there twice, errors come only while the broker is away, and no client hangs. The pool lets a
 * record wait longer than one request for the broker (its delivery timeout outlasts the faults), so the producer
 * sends batches again after a fault: exactly what its idempotence must keep from being written twice.
 */
class KafkaFaultsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(true, """
            request-timeout-ms: 1500
            producer: {delivery.timeout.ms: "30000"}""",
            "shop: {password: shop-secret, kafka: events, topics: {${crash}: [produce], ${pause}: [produce]}}");

    private static final int CLIENTS = 4;
    private static final int PIPELINE = 16;
    /** The load goes on this long after the broker is back, to see serving recover; a restart's length varies. */
    private static final long AFTER_FAULT_MS = 3_000;
    /** Longer than any KPUSH may wait: the producer's delivery timeout, and its queue before it. */
    private static final int HUNG_MS = 60_000;
    /**
     * From the broker's return to the first KPUSH answered: the producer reconnects (backing off up to a second),
     * learns the partitions' leaders anew and sends what waited, on a machine busy with the restarted broker.
     */
    private static final long RECOVERY_LIMIT_MS = 10_000;
    private static final Pattern PLACE = Pattern.compile("\\d+\n\\d+");

    @Test
    void aBrokerKilledAndRestartedUnderKpushLoadLosesNoAcknowledgedRecordAndDuplicatesNone() throws Exception {
        underKpushLoad("SIGKILL and restart of the Kafka broker", kafka.createTopic("crash", 2), () -> {
            kafka.broker().kill();
            kafka.broker().restart();
        });
    }

    /**
     * Requests time out while the broker is stopped and are sent again; once it goes on, it finds both the first
     * requests, still in its sockets, and their retries.
     */
    @Test
    void aBrokerPausedLongerThanARequestTimeoutLosesNoAcknowledgedRecordAndDuplicatesNone() throws Exception {
        underKpushLoad("SIGSTOP of the Kafka broker for 4 s", kafka.createTopic("pause", 2), () -> {
            kafka.broker().pause();
            sleep(4_000);
            kafka.broker().resume();
        });
    }

    /** Clients pipelining KPUSH to {@code topic}, a topic in use already, while {@code fault} runs. */
    private static void underKpushLoad(String scenario, String topic, Runnable fault) throws Exception {
        try (RespSocket c = kafka.login("shop-secret")) {
            assertTrue(PLACE.matcher(c.call("KPUSH", topic, "first")).matches(), "the proxy knows the topic");
        }
        FaultRun run = FaultRun.run(scenario, CLIENTS, FaultRow.seconds(4),
                (r, client, deadline) -> kpush(r, client, deadline, topic), fault);
        TopicContents contents = TopicContents.read(kafka.broker().bootstrap(), topic);
        run.lostOf(contents::valuesAt);

        System.out.println(run);
        System.out.println("kafka after " + scenario + ": " + contents.records() + " records in the topic for "
                + run.ok() + " KPUSHes answered with their place, " + contents.duplicates() + " duplicated");
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.lost(), run.toString());
        assertEquals(0, contents.duplicates(), "records in Kafka twice");
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < RECOVERY_LIMIT_MS, run.toString());
    }

    /** Pipelines KPUSHes of unique values, and remembers the place each acknowledged one got. */
    private static void kpush(FaultRun run, int client, long deadline, String topic) {
        try (RespSocket c = kafka.login("shop-secret")) {
            c.timeout(HUNG_MS);
            for (long i = 0; run.goesOn(deadline, AFTER_FAULT_MS); i += PIPELINE) {
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
