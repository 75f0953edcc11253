package io.rkproxy.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in a child JVM: one KRaft node that is broker and controller at once, on free
 * loopback ports, with its data in a temporary directory. It runs {@code kafka.Kafka} from the
 * {@code kafka_2.13} jars on this JVM's classpath. Automatic topic creation is off, so a test that uses an
 * unknown topic sees it fail. {@link #stop()}, {@link #kill()} and {@link #restart()} keep the data, so a test can
 * check that records survive a broker restart or crash; {@link #close()} kills the broker and deletes its
 * directory. Starting takes several seconds, so test classes that need no broker of their own share
 * {@link #shared()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Every broker not closed yet, so that its directory goes when the JVM exits. */
    private static final Set<KafkaBroker> OPEN = ConcurrentHashMap.newKeySet();
    private static KafkaBroker shared;

    static {
        // the children first, so that no broker writes to a directory being deleted
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            KafkaJvm.killAll();
            OPEN.forEach(KafkaBroker::destroy);
        }));
    }

    private final int port;
    private final int controllerPort;
    private final KafkaBrokerDir dir;
    private final String classpath;
    private KafkaJvm process;

    private KafkaBroker(int port, int controllerPort, KafkaBrokerDir dir, String classpath) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.classpath = classpath;
    }

    /** Formats a new data directory and starts a broker on it; returns once the broker answers requests. */
    public static KafkaBroker start() {
        return start(FreePorts.next());
    }

    /** As {@link #start()}, with the broker's listener on {@code port} (its controller's on a free one). */
    public static KafkaBroker start(int port) {
        long started = System.nanoTime();
        KafkaBroker broker = new KafkaBroker(port, FreePorts.next(), KafkaBrokerDir.create(),
                ChildClasspath.current());
        OPEN.add(broker);
        try {
            broker.dir.writeConfig(broker.port, broker.controllerPort);
            broker.format();
            broker.startProcess();
        } catch (RuntimeException e) {
            broker.destroy();
            throw e;
        }
        log.info("Kafka broker on {} ready in {} ms ({})", broker.bootstrap(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), broker.dir());
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
        return dir.path();
    }

    /** Creates a topic with replication factor 1 and waits until the broker serves all its partitions. */
    public void createTopic(String name, int partitions) {
        try (BrokerAdmin admin = new BrokerAdmin(bootstrap())) {
            admin.createTopic(name, partitions);
        }
    }

    /** Stops the broker cleanly (SIGTERM) and waits for it to exit; the data stays for {@link #restart()}. */
    public void stop() {
        if (process != null) {
            process.stop(STOP_TIMEOUT);
            process = null;
        }
    }

    /** SIGSTOP: the broker keeps its connections and its data but answers nothing, as in a long GC pause. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}: the broker goes on with what it had received. */
    public void resume() {
        process.resume();
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
        dir.delete();
        OPEN.remove(this);
    }

    /**
     * Kills the broker (SIGKILL), as a crash would, and waits for its JVM to exit; the data stays for
     * {@link #restart()}, which recovers it as Kafka does after a crash.
     */
    public void kill() {
        if (process != null) {
            process.kill(STOP_TIMEOUT);
            process = null;
        }
    }

    /** kafka-storage format: writes meta.properties and the bootstrap metadata that KRaft needs to start. */
    private void format() {
        KafkaJvm format = KafkaJvm.launch(dir, classpath, List.of("-XX:TieredStopAtLevel=1"),
                "kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", dir.serverProperties().toString());
        try {
            if (!format.awaitExit(START_TIMEOUT)) {
                throw new IllegalStateException("formatting the Kafka data directory timed out: " + dir.logTail());
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka data directory failed (exit "
                        + format.exitValue() + "): " + dir.logTail());
            }
        } finally {
            format.kill(STOP_TIMEOUT);
        }
    }

    private void startProcess() {
        process = KafkaJvm.launch(dir, classpath, List.of(), "kafka.Kafka", dir.serverProperties().toString());
        try {
            awaitReady();
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /** Ready once the broker is registered and unfenced. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // first until the port is open, so that the admin client does not log a warning for every refused connect
        while (!isListening()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker did not listen on " + bootstrap() + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + dir.logTail());
            }
            sleep(50);
        }
        try (BrokerAdmin admin = new BrokerAdmin(bootstrap())) {
            while (System.nanoTime() < deadline) {
                checkAlive();
                if (admin.brokerRegistered()) {
                    return;
                }
                sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        throw new IllegalStateException("Kafka broker on " + bootstrap() + " was not ready within "
                + START_TIMEOUT.toSeconds() + " s: " + dir.logTail());
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka broker exited (" + process.exitValue() + "): " + dir.logTail());
        }
    }

    private boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
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
