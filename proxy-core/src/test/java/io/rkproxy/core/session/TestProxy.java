package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.FakeKafka;
import io.rkproxy.core.backend.FakePool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TestConfig;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.runtime.Authenticator;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy node with no network and no backend: the runtime of a config whose redis pools are {@link FakePool}s and
 * whose kafka pools are {@link FakeKafka}s, and clients on embedded channels, closed with it. Everything runs on the
 * test's thread.
 */
final class TestProxy implements AutoCloseable {

    private final Map<String, FakePool> pools = new HashMap<>();
    private final Map<String, FakeKafka> kafkaPools = new HashMap<>();
    private final List<TestClient> clients = new ArrayList<>();
    private final ProxyRuntime runtime;
    private Runnable onClockRead = () -> { };

    TestProxy(String yaml) {
        ProxySnapshot initial = snapshot(yaml);
        runtime = new ProxyRuntime(initial, new Authenticator(initial.config().server(), Ticker.systemTicker()),
                "0.0.0-test", "node-1", this::clock);
    }

    private long clock() {
        onClockRead.run();
        return System.nanoTime();
    }

    /** Runs {@code task} whenever the runtime's clock is read: in the middle of a command, among other times. */
    void onClockRead(Runnable task) {
        onClockRead = task;
    }

    /** The snapshot of {@code yaml}: a pool keeps its fake across snapshots by name, a new name gets a new one. */
    ProxySnapshot snapshot(String yaml) {
        ProxyConfig config = TestConfig.load(yaml);
        Map<String, BackendPool> redis = new HashMap<>();
        config.pools().forEach((name, pool) -> redis.put(name, pools.computeIfAbsent(name, n -> new FakePool(pool))));
        Map<String, KafkaGateway> kafka = new HashMap<>();
        config.kafkaPools().forEach((name, pool) ->
                kafka.put(name, kafkaPools.computeIfAbsent(name, n -> new FakeKafka(pool))));
        return new ProxySnapshot(config, redis, kafka);
    }

    /** A reload: the config of {@code yaml} is in force from the next command on. */
    void reload(String yaml) {
        runtime.swap(snapshot(yaml));
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    FakePool pool(String name) {
        return pools.get(name);
    }

    FakeKafka kafka(String name) {
        return kafkaPools.get(name);
    }

    TenantMeters meters(String tenant) {
        return runtime.meters().meters(tenant);
    }

    TestClient connect() {
        TestClient client = new TestClient(runtime);
        clients.add(client);
        return client;
    }

    /** A client that has authenticated with {@code password}. */
    TestClient connect(String password) {
        TestClient client = connect();
        client.send("AUTH " + password);
        assertEquals("+OK\r\n", client.replies(), "AUTH " + password);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
    }
}
