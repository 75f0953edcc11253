package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that runs a main class of the {@code kafka_2.13} jars (the broker, or its storage tool) in a broker's
 * directory, with the directory's logging configurations and its output appended to {@code kafka.log}.
 */
final class KafkaJvm {

    /** Light on a 2-core machine: a broker for tests needs little heap and no parallel GC threads. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");
    /** Every live child, so that a test JVM that exits early leaves no broker behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    private final Process process;

    private KafkaJvm(Process process) {
        this.process = process;
    }

    static KafkaJvm launch(KafkaBrokerDir dir, String classpath, List<String> extraJvmOptions, String mainClass,
                           String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-Dlog4j.configuration=" + dir.log4jProperties().toUri());
        command.add("-Dlogback.configurationFile=" + dir.logbackXml());
        command.add("-Dkafka.logs.dir=" + dir.logsDir());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.path().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.log().toFile()));
        // the classpath as an environment variable: no quoting, and no limit on the length of one argument
        builder.environment().put("CLASSPATH", classpath);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        try {
            Process child = builder.start();
            LIVE.add(child);
            return new KafkaJvm(child);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
    }

    /** Kills (SIGKILL) every child still running; for the test JVM's shutdown. */
    static void killAll() {
        LIVE.forEach(Process::destroyForcibly);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Whether the JVM exited within the timeout. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGSTOP: the JVM keeps its sockets but answers nothing. */
    void pause() {
        Signals.send(process, "STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Signals.send(process, "CONT");
    }

    /** SIGTERM, and SIGKILL should the JVM not exit within the timeout. */
    void stop(Duration timeout) {
        process.destroy();
        if (!awaitExit(timeout)) {
            process.destroyForcibly();
            awaitExit(timeout);
        }
        LIVE.remove(process);
    }

    /** SIGKILL, then waits up to the timeout for the JVM to exit. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        awaitExit(timeout);
        LIVE.remove(process);
    }
}
