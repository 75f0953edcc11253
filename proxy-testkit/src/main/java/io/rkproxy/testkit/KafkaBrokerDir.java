package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A broker's temporary directory: {@code server.properties}, the logging configurations, {@code kafka.log} (the
 * output of the broker's JVMs) and the data.
 */
final class KafkaBrokerDir {

    private static final int LOG_TAIL_LINES = 60;

    private final Path path;

    private KafkaBrokerDir(Path path) {
        this.path = path;
    }

    static KafkaBrokerDir create() {
        try {
            return new KafkaBrokerDir(Files.createTempDirectory("rkproxy-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return path;
    }

    Path serverProperties() {
        return path.resolve("server.properties");
    }

    Path log4jProperties() {
        return path.resolve("log4j.properties");
    }

    Path logbackXml() {
        return path.resolve("logback.xml");
    }

    Path logsDir() {
        return path.resolve("logs");
    }

    Path log() {
        return path.resolve("kafka.log");
    }

    /** A single KRaft node, broker and controller at once, on the loopback ports given, sized for tests. */
    void writeConfig(int port, int controllerPort) {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + path.resolve("data"),
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "background.threads=2",
                "log.cleaner.threads=1",
                "log.cleaner.dedupe.buffer.size=33554432",
                "");
        // the kafka jars bring no logging backend: log4j (reload4j) or logback is whatever this classpath has
        String log4j = String.join("\n",
                "log4j.rootLogger=WARN, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p [%t] %c - %m%n",
                "log4j.logger.kafka.server.KafkaRaftServer=INFO",
                "");
        String logback = String.join("\n",
                "<configuration>",
                "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <logger name=\"kafka.server.KafkaRaftServer\" level=\"INFO\"/>",
                "  <root level=\"WARN\"><appender-ref ref=\"STDOUT\"/></root>",
                "</configuration>",
                "");
        try {
            Files.writeString(serverProperties(), config);
            Files.writeString(log4jProperties(), log4j);
            Files.writeString(logbackXml(), logback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of {@code kafka.log}, for the message of a failure. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    /** Deletes the directory and all in it, as far as it can. */
    void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
