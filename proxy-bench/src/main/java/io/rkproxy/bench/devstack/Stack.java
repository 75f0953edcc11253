package io.rkproxy.bench.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The parts that run, started in order and stopped in the reverse order; a part that fails to start stops the rest. */
final class Stack implements AutoCloseable {

    private final List<StackPart> parts = new ArrayList<>();
    private final Consumer<String> progress;

    private Stack(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Starts what the options name, telling {@code progress} of each part before and once it runs. */
    static Stack start(StackOptions options, Consumer<String> progress) {
        options.ports().forEach(PortUse::requireFree);
        Stack stack = new Stack(progress);
        try {
            options.zookeeperPort().ifPresent(port -> stack.add("ZooKeeper", () -> ZooKeeperPart.start(port)));
            options.redisPort().ifPresent(port -> stack.add("redis-server", () -> RedisPart.start(port)));
            options.clusterFirstPort().ifPresent(port -> stack.add("a Redis Cluster",
                    () -> ClusterPart.start(port, StackOptions.CLUSTER_MASTERS)));
            options.kafkaPort().ifPresent(port -> stack.add("a Kafka broker",
                    () -> KafkaPart.start(port, options.topics())));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    String config() {
        ConfigSnippet config = new ConfigSnippet();
        parts.forEach(part -> part.addTo(config));
        return config.toString();
    }

    /** Stops every part, the last started first; one that fails to stop does not keep the others running. */
    @Override
    public synchronized void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            StackPart part = parts.remove(i);
            try {
                part.close();
                progress.accept("stopped " + part.description());
            } catch (RuntimeException e) {
                progress.accept("could not stop " + part.description() + ": " + e);
            }
        }
    }

    private void add(String what, Supplier<StackPart> start) {
        progress.accept("starting " + what + "...");
        StackPart part = start.get();
        parts.add(part);
        progress.accept(part.description());
    }
}
