package io.rkproxy.server;

import io.rkproxy.testkit.RespSocket;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that pipelines batches of SETs of unique keys ({@code fault:<client>:<n>}, as {@link FaultRun}'s) and reads
 * each batch's replies before sending the next, until the server ends the connection. It keeps what it sent, when,
 * what came back, and how the connection ended, for a test to judge after a fault.
 */
final class PipeliningClient implements Runnable {

    /** How a connection ended. */
    enum End {
        /** The server closed it: reads return end of stream once every reply sent has been read. */
        EOF,
        /** Any other failure to read or write, a reset among them. */
        FAILURE,
        /** No reply and no close within the socket's timeout. */
        HUNG
    }

    private final int client;
    private final int pipeline;
    private final RespSocket socket;
    private final List<String> keys = new ArrayList<>();
    private final List<Long> sentNanos = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private final List<Long> readNanos = new ArrayList<>();
    private volatile End end;
    private volatile Exception failure;

    /** {@code socket} is logged in already. */
    PipeliningClient(int client, int pipeline, RespSocket socket) {
        this.client = client;
        this.pipeline = pipeline;
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            socket.timeout(15_000);
            while (true) {
                int first = keys.size();
                for (int i = 0; i < pipeline; i++) {
                    String key = "fault:" + client + ":" + keys.size();
                    keys.add(key);
                    sentNanos.add(System.nanoTime());
                    socket.send("SET", key, value(key));
                }
                for (int i = first; i < keys.size(); i++) {
                    replies.add(socket.read());
                    readNanos.add(System.nanoTime());
                }
            }
        } catch (UncheckedIOException e) {
            failure = e.getCause();
            end = e.getCause() instanceof EOFException ? End.EOF
                    : e.getCause() instanceof SocketTimeoutException ? End.HUNG : End.FAILURE;
        }
    }

    static String value(String key) {
        return "v-" + key;
    }

    /** The keys of the SETs sent, in order; meaningful once {@link #run()} returned. */
    List<String> keys() {
        return keys;
    }

    /** The replies read, in order: one for each of the first {@code replies().size()} keys. */
    List<String> replies() {
        return replies;
    }

    /** When each reply was read, a {@link System#nanoTime()}. */
    List<Long> readNanos() {
        return readNanos;
    }

    /** How many SETs were sent before {@code nanos} (a {@link System#nanoTime()}). */
    long sentBefore(long nanos) {
        return sentNanos.stream().filter(sent -> sent < nanos).count();
    }

    End end() {
        return end;
    }

    Exception failure() {
        return failure;
    }
}
