package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Signals to the test's child processes, with kill(1): SIGSTOP, SIGCONT and SIGINT have no Java API. */
public final class Signals {

    private Signals() {
    }

    /** Sends {@code signal} ("STOP", "CONT", "INT") to {@code process} and waits for kill(1) to be done. */
    public static void send(Process process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
