package io.rkproxy.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/** A kafka-clients Admin on the test broker, with short backoffs, for its readiness and its topics. */
final class BrokerAdmin implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    BrokerAdmin(String bootstrap) {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /** Whether the broker answers DescribeCluster with itself in it, i.e. it is registered and unfenced. */
    boolean brokerRegistered() throws InterruptedException {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false; // not listening or not serving yet
        }
    }

    /** Creates a topic with replication factor 1 and waits until the broker serves all its partitions. */
    void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitTopic(name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * The controller has committed the topic once CreateTopics returns, but the broker applies it a moment later;
     * until then producers and the proxy would see it as unknown.
     */
    private void awaitTopic(String name, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String state = "unknown";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription topic = admin.describeTopics(List.of(name),
                        new DescribeTopicsOptions().timeoutMs(5000)).allTopicNames().get().get(name);
                if (topic.partitions().size() == partitions && topic.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
                state = topic.toString();
            } catch (ExecutionException e) {
                state = e.getCause().toString(); // UnknownTopicOrPartitionException until the broker has it
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("topic " + name + " is not served by the broker: " + state);
    }

    @Override
    public void close() {
        admin.close();
    }
}
