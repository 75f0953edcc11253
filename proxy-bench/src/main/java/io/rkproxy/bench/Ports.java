package io.rkproxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * The ports of the run's processes. A preferred port that is taken (something answers on it, or this run gave it
 * out already) moves to the next free one; 6379 and 6380, the quickstart's Redis and rkproxy, are never used.
 */
final class Ports {
    private static final Set<Integer> NEVER = Set.of(6379, 6380);
    private static final int CLUSTER_BUS_OFFSET = 10_000;

    private final Set<Integer> taken = new HashSet<>();

    /** The first free port from preferred on, now this run's. */
    int claim(int preferred) {
        int port = firstFree(preferred);
        taken.add(port);
        return port;
    }

    /** The first port from preferred on that is free together with its cluster bus port (port + 10000). */
    int claimWithClusterBus(int preferred) {
        int port = preferred;
        for (int i = 0; i < 50; i++) {
            port = firstFree(port);
            if (!answers(port + CLUSTER_BUS_OFFSET)) {
                taken.add(port);
                return port;
            }
            port++;
        }
        throw new BenchException("no free port with a free cluster bus port (+10000) found from " + preferred);
    }

    /** A port that a process of the run picked itself (the Kafka broker's). */
    void taken(int port) {
        taken.add(port);
    }

    private int firstFree(int from) {
        for (int port = from; port < from + 200; port++) {
            if (!NEVER.contains(port) && !taken.contains(port) && !answers(port)) {
                return port;
            }
        }
        throw new BenchException("no free port found from " + from);
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
