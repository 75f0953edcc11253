package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.testkit.RespSocket;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QueueAcceptance} on Redis Streams in a standalone redis pool, the tenant in its db. */
class StandaloneStreamsQueueAcceptanceTest extends StreamsQueueAcceptance {

    private static final int SHOP_DB = 3;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(plainTopics(tenants("cache", QUEUE, true)))
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    @Test
    void aWaitingBlpopSendsOneRoundPerDistinctPartitionPerPassAndRestsLongerAfterEachEmptyPass() {
        try (RespSocket c = login("shop-secret")) {
            c.call("CLIENT", "SETNAME", "idle:one");
            long before = xreadgroupCalls();
            String thousandTimes = "topics:" + String.join(",", Collections.nCopies(1000, "ghost"));
            assertEquals("(nil)", c.call("BLPOP", thousandTimes, "1"));
            long reads = xreadgroupCalls() - before;
            // Rests of 50, 100, 200, 400 ms and the 250 left make at most 6 passes in the second; a fixed 50 ms rest
            // would make 20, and reading each repeat 1000 per pass.
            assertTrue(reads >= PARTITIONS && reads <= PARTITIONS * 8L, reads + " XREADGROUPs");
        }
    }

    private long xreadgroupCalls() {
        Matcher calls = Pattern.compile("cmdstat_xreadgroup:calls=(\\d+)")
                .matcher(proxy.backendCall(SHOP_DB, "INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Override
    RespSocket login(String password) {
        return proxy.login(password);
    }

    @Test
    void theMetricsShowAStreamsQueuesFiguresUnderItsRedisPool() {
        try (RespSocket c = login("shop-secret")) {
            c.call("KPUSH", "orders", "seen in the metrics");
        }
        String metrics = new ConsoleClient(proxy.adminPort()).get("/metrics").body();
        Matcher produced = Pattern.compile("\\nrkproxy_kafka_produced_records_total\\{pool=\"cache\",tenant=\"shop\"} "
                + "(\\d+)").matcher(metrics);
        assertTrue(produced.find() && Long.parseLong(produced.group(1)) >= 1, metrics);
        assertTrue(metrics.contains("\nrkproxy_kafka_delivery_errors_total{pool=\"cache\",tenant=\"shop\"} "), metrics);
    }

    @Override
    ProxyRuntime runtime() {
        return proxy.runtime();
    }

    @Override
    String backendCallOnShopsKey(String key, String... args) {
        return proxy.backendCall(SHOP_DB, args);
    }
}
