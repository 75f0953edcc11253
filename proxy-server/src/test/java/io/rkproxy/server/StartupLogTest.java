package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.ChildClasspath;
import io.rkproxy.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The production logback.xml, as a node runs with it: the Kafka clients and ZooKeeper's client log neither their
 * settings (about 90 lines per Kafka client), nor their version, nor ZooKeeper's client environment, nor the Kafka
 * clients' metrics bookkeeping at start and close, at INFO (docs/operations.md, "Running"). The clients are created
 * in a JVM of its own, where logback.xml is the config rather than the tests' logback-test.xml.
 */
class StartupLogTest {

    private static final String DONE = "library clients created and closed";
    private static final List<String> CHATTER = List.of(" values:", "Kafka version", "Kafka commitId",
            "Client environment:", "Kafka metrics collector", "Metrics scheduler closed", "Metrics reporters closed");

    @TempDir
    Path dir;

    @Test
    void kafkaAndZooKeeperClientsLogNoSettingsVersionEnvironmentOrMetricsBookkeepingAtInfo() throws Exception {
        Path logbackXml = Path.of(StartupLogTest.class.getResource("/logback.xml").toURI());
        Path log = dir.resolve("clients.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logbackXml, LibraryClients.class.getName(),
                Integer.toString(FreePorts.next()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CLASSPATH", ChildClasspath.current());
        Process child = builder.start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        // INFO reaches the log: the lines below are missing because of their loggers' levels, not for want of output
        assertTrue(output.contains(DONE), output);
        List<String> chatter = output.lines().filter(line -> CHATTER.stream().anyMatch(line::contains)).toList();
        assertEquals(List.of(), chatter, "library start-up chatter at INFO under logback.xml");
    }

    /** The child: each Kafka client rkproxy uses and a ZooKeeper client, on a port where nothing listens. */
    static final class LibraryClients {

        public static void main(String[] args) throws Exception {
            String address = "127.0.0.1:" + args[0];
            Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
            Admin.create(common).close(Duration.ZERO);
            new KafkaProducer<>(with(common, Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class))).close(Duration.ZERO);
            new KafkaConsumer<>(with(common, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "startup-log",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))
                    .close(Duration.ZERO);
            new ZooKeeper(address, 1000, event -> { }).close();
            LoggerFactory.getLogger(LibraryClients.class).info(DONE);
        }

        private static Map<String, Object> with(Map<String, Object> common, Map<String, Object> more) {
            Map<String, Object> settings = new HashMap<>(common);
            settings.putAll(more);
            return settings;
        }
    }
}
