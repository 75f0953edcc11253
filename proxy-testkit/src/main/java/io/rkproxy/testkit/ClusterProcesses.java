package io.rkproxy.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a {@link RedisCluster}: its cluster-enabled {@code redis-server} nodes, TLS or not, and the
 * {@code redis-cli --cluster create} that joins the first ones into a cluster and shares the slots among them.
 */
final class ClusterProcesses {

    private static final int NODE_TIMEOUT_MILLIS = 1000;
    private static final int BUS_PORT_OFFSET = 10000;

    /** Null for a plain cluster. */
    private final TestCertificates tls;

    ClusterProcesses(TestCertificates tls) {
        this.tls = tls;
    }

    /** Starts a node on a free port whose cluster bus port is free too. */
    RedisServer startNode() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startNode(portWithFreeBusPort());
            } catch (IllegalStateException e) {
                // most likely the bus port was taken between our check and the server's bind
                last = e;
            }
        }
        throw last;
    }

    RedisServer startNode(int port) {
        String[] args = {
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                // a replica of a dead master always stands for election, however long it was disconnected
                "--cluster-replica-validity-factor", "0",
                // replicas sync at once instead of waiting 5 s for others to share a diskless transfer
                "--repl-diskless-sync-delay", "0"};
        return tls == null ? RedisServer.start(port, args)
                : RedisServer.startTls(tls, port, concat(args, "--tls-cluster", "yes", "--tls-replication", "yes"));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int portWithFreeBusPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FreePorts.next();
            if (port + BUS_PORT_OFFSET <= 65535 && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (port, port + 10000) on loopback");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes {@code nodes} one cluster, each master with {@code replicasPerMaster} replicas. */
    void create(List<RedisServer> nodes, int replicasPerMaster, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add(node.address()));
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
        if (tls != null) {
            TestCertificates.Issued client = tls.issueClient("redis-cli");
            command.addAll(List.of("--tls", "--cacert", tls.caFile().toString(), "--cert", client.cert().toString(),
                    "--key", client.key().toString()));
        }
        Path log = null;
        try {
            log = Files.createTempFile("rkproxy-cluster-create-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create timed out: " + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli; install it (apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }
}
