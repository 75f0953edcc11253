package io.rkproxy.bench.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * The soak's load through rkproxy, one thread per connection: unpipelined and pipelined SET/GET on the redis and the
 * redis-cluster pool, pub/sub on the redis pool, KPUSH and KPOP on the kafka pool. Every kind has its meter.
 */
final class MixedLoad {
    private static final int UNPIPELINED_CONNECTIONS = 2;
    private static final int PIPELINE_DEPTH = 16;
    private static final int SUBSCRIBERS = 2;

    private final List<Meter> meters = new ArrayList<>();
    private final List<StepLoad> steps = new ArrayList<>();
    private final PubSubLoad pubSub;
    private final KafkaSteps kafka = new KafkaSteps(SoakBackends.TOPIC);

    MixedLoad(int port) {
        keyValue("standalone", new ProxyLogin(port, ProxyConfig.STANDALONE_PASSWORD));
        keyValue("cluster", new ProxyLogin(port, ProxyConfig.CLUSTER_PASSWORD));
        pubSub = new PubSubLoad(new ProxyLogin(port, ProxyConfig.STANDALONE_PASSWORD), "soak", SUBSCRIBERS,
                meter("pub/sub deliveries"));
        ProxyLogin kafkaLogin = new ProxyLogin(port, ProxyConfig.KAFKA_PASSWORD);
        steps.add(new StepLoad("soak-kpush", kafkaLogin, meter("KPUSH"), kafka.kpush()));
        steps.add(new StepLoad("soak-kpop", kafkaLogin, meter("KPOP"), kafka.kpop()));
    }

    void start() throws InterruptedException {
        pubSub.start();
        steps.forEach(StepLoad::start);
    }

    void stop() throws InterruptedException {
        steps.forEach(StepLoad::stop);
        for (StepLoad step : steps) {
            step.join();
        }
        pubSub.stop();
    }

    List<Meter> meters() {
        return meters;
    }

    KafkaSteps kafka() {
        return kafka;
    }

    private void keyValue(String pool, ProxyLogin login) {
        Meter unpipelined = meter(pool + " SET/GET");
        for (int c = 0; c < UNPIPELINED_CONNECTIONS; c++) {
            steps.add(new StepLoad("soak-" + pool + "-" + c, login, unpipelined,
                    new KeyValueStep("soak:" + c + ":", 1)));
        }
        steps.add(new StepLoad("soak-" + pool + "-pipelined", login, meter(pool + " SET/GET -P" + PIPELINE_DEPTH),
                new KeyValueStep("soak:p:", PIPELINE_DEPTH)));
    }

    private Meter meter(String name) {
        Meter meter = new Meter(name);
        meters.add(meter);
        return meter;
    }
}
