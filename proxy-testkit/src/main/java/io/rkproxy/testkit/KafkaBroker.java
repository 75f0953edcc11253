package io.rkproxy.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in a child JVM: one KRaft node that is broker and controller at once, on free
 * loopback ports, with its data in a temporary directory. It runs {@code kafka.Kafka} from the
 * {@code kafka_2.13} jars on this JVM's classpath. Automatic topic creation is off, so a test that uses an
 * unknown topic sees it fail. {@link #stop()} and {@link #restart()} keep the data, so a test can check that
 * records survive a broker restart; {@link #close()} kills the broker and deletes its directory. Starting takes
 * several seconds, so test classes that need no broker of their own share {@link #shared()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 60;
    /** Light on a 2-core machine: a broker for tests needs little heap and no parallel GC threads. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
    /** Every live child, so that a test JVM that exits early leaves no broker behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** Every broker not closed yet, so that its directory goes when the JVM exits. */
    private static final Set<KafkaBroker> OPEN = ConcurrentHashMap.newKeySet();
    private static KafkaBroker shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LIVE.forEach(Process::destroyForcibly);
            OPEN.forEach(KafkaBroker::destroy);
        }));
    }

    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final String classpath;
    private Process process;

    private KafkaBroker(int port, int controllerPort, Path dir, String classpath) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.classpath = classpath;
    }

    /** Formats a new data directory and starts a broker on it; returns once the broker answers requests. */
    public static KafkaBroker start() {
        long started = System.nanoTime();
        KafkaBroker broker;
        try {
            broker = new KafkaBroker(FreePorts.next(), FreePorts.next(), Files.createTempDirectory("rkproxy-kafka-"),
                    childClasspath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OPEN.add(broker);
        try {
            broker.writeConfig();
            broker.format();
            broker.startProcess();
        } catch (RuntimeException e) {
            broker.destroy();
            throw e;
        }
        log.info("Kafka broker on {} ready in {} ms ({})", broker.bootstrap(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), broker.dir);
        return broker;
    }

    /**
     * One broker for the whole JVM, started on first use and closed when the JVM exits. Tests share it: they use
     * topics of their own and never stop, restart or close it ({@link #close()} does nothing on it).
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start();
        } else if (shared.process == null) {
            shared.restart();
        }
        return shared;
    }

    /** "127.0.0.1:port", for {@code bootstrap.servers}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The temporary directory: {@code server.properties}, {@code kafka.log} (the broker's output) and the data. */
    public Path dir() {
        return dir;
    }

    /** Creates a topic with replication factor 1 and waits until the broker serves all its partitions. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitTopic(admin, name, partitions);
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
    private static void awaitTopic(Admin admin, String name, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
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

    /** Stops the broker cleanly (SIGTERM) and waits for it to exit; the data stays for {@link #restart()}. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
        LIVE.remove(process);
        process = null;
    }

    /** Stops the broker if it runs and starts it again on the same ports and data; returns once it is ready. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Kills the broker (SIGKILL) and deletes its directory. Does nothing on the {@link #shared()} broker. */
    @Override
    public void close() {
        synchronized (KafkaBroker.class) {
            if (this == shared) {
                return;
            }
        }
        destroy();
    }

    private void destroy() {
        kill();
        deleteDir();
        OPEN.remove(this);
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
            LIVE.remove(process);
            process = null;
        }
    }

    private void writeConfig() {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
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
            Files.writeString(dir.resolve("server.properties"), config);
            Files.writeString(dir.resolve("log4j.properties"), log4j);
            Files.writeString(dir.resolve("logback.xml"), logback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kafka-storage format: writes meta.properties and the bootstrap metadata that KRaft needs to start. */
    private void format() {
        Process format = launch(List.of("-XX:TieredStopAtLevel=1"), "kafka.tools.StorageTool",
                "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", dir.resolve("server.properties").toString());
        try {
            if (!waitFor(format, START_TIMEOUT)) {
                throw new IllegalStateException("formatting the Kafka data directory timed out: " + logTail());
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka data directory failed (exit "
                        + format.exitValue() + "): " + logTail());
            }
        } finally {
            format.destroyForcibly();
            LIVE.remove(format);
        }
    }

    private void startProcess() {
        process = launch(List.of(), "kafka.Kafka", dir.resolve("server.properties").toString());
        try {
            awaitReady();
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private Process launch(List<String> extraJvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-Dlog4j.configuration=" + dir.resolve("log4j.properties").toUri());
        command.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        command.add("-Dkafka.logs.dir=" + dir.resolve("logs"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()));
        // the classpath as an environment variable: no quoting, and no limit on the length of one argument
        builder.environment().put("CLASSPATH", classpath);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        try {
            Process child = builder.start();
            LIVE.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
    }

    /** Ready once the broker answers DescribeCluster with itself in it, i.e. it is registered and unfenced. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // first until the port is open, so that the admin client does not log a warning for every refused connect
        while (!isListening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited (" + process.exitValue() + "): " + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker did not listen on " + bootstrap() + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + logTail());
            }
            sleep(50);
        }
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited (" + process.exitValue() + "): " + logTail());
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not listening or not serving yet
                }
                sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        throw new IllegalStateException("Kafka broker on " + bootstrap() + " was not ready within "
                + START_TIMEOUT.toSeconds() + " s: " + logTail());
    }

    private boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /**
     * This JVM's classpath for the child. Under Surefire {@code java.class.path} is the test classpath (it can be
     * a manifest-only jar, as an IDE may also pass: its Class-Path entries are added); the jars that hold the
     * broker's main classes are added should a custom class loader have loaded them.
     */
    static String childClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
                entries.addAll(manifestClassPath(Path.of(entry)));
            }
        }
        for (String className : List.of("kafka.Kafka", "kafka.tools.StorageTool", "scala.Predef",
                "org.apache.kafka.common.Uuid")) {
            String location = locationOf(className);
            if (location != null) {
                entries.add(location);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = jar.toAbsolutePath().toUri();
            List<String> entries = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                try {
                    entries.add(Path.of(base.resolve(new URI(url))).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file URL; the JVM would skip it too
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String locationOf(String className) {
        try {
            CodeSource source = Class.forName(className, false, KafkaBroker.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null
                    : Path.of(source.getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("kafka.log"));
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private void deleteDir() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
