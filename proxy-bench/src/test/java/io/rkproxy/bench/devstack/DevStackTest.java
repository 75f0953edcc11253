package io.rkproxy.bench.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.PoolProbe;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.SourceConfig;
import io.rkproxy.server.Main;
import io.rkproxy.server.ProxyServer;
import io.rkproxy.testkit.ChildClasspath;
import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RespSocket;
import io.rkproxy.testkit.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/devstack.sh's Java side as the script runs it: DevStack's main in a JVM of its own, on free ports. Every
 * part answers at the address its printed config names, the config loads in rkproxy's own loader, the first day of
 * docs/operations.md ("Trying it locally") works on it as printed, and SIGINT stops every process it started and
 * closes every port.
 */
class DevStackTest {

    private static final long START_SECONDS = 120;
    private static final long STOP_SECONDS = 60;
    private static final int BUS_PORT_OFFSET = 10_000;
    private static final long KPOP_SECONDS = 30;
    /** The command printed above the pools: {@code rkproxy zk push --config FILE --zk HOST:PORT --root PATH}. */
    private static final Pattern PRINTED_PUSH = Pattern.compile("zk push --config FILE --zk (\\S+) --root (\\S+)");

    @TempDir
    Path dir;

    @Test
    void everyPartAnswersWhereItsPrintedConfigSaysTwoNodesServeItFromZooKeeperAndSigintLeavesNothingBehind()
            throws Exception {
        int cluster = freeClusterPorts();
        Set<Integer> taken = new HashSet<>(IntStream.range(cluster, cluster + 3).boxed().toList());
        int zookeeper = freePortBut(taken);
        int kafka = freePortBut(taken);
        int redis = freePortBut(taken);
        Process devstack = start("--zookeeper=" + zookeeper, "--kafka=" + kafka, "--cluster=" + cluster,
                "--redis=" + redis, "--topic", "orders:3", "--topic", "audit");
        try {
            String printed = awaitRunning(devstack);
            List<ProcessHandle> started = devstack.descendants().toList();
            // four redis-servers and the broker's JVM
            assertEquals(5, started.size(), "devstack's child processes: " + commands(started));

            String[] parts = printed.split(ConfigSnippet.ZOOKEEPER_HEADER, 2);
            ProxyConfig config = new ConfigLoader(PoolProbe.OFFLINE).load(write("pools.yaml", parts[0]));
            assertEquals(Set.of("alice", "shop", "feed"), config.tenants().keySet());
            SourceConfig node = NodeFile.read(write("node.yaml", parts[1])).source();
            assertEquals(SourceConfig.Kind.ZOOKEEPER, node.kind());

            assertEquals("127.0.0.1:" + zookeeper, node.zkConnect());
            assertZooKeeperAnswers(node.zkConnect());
            List<Address> clusterNodes = config.pools().get("cluster").nodes();
            assertEquals(List.of(cluster, cluster + 1, cluster + 2), clusterNodes.stream().map(Address::port).toList());
            clusterNodes.forEach(DevStackTest::assertClusterOk);
            List<Address> bootstrap = config.kafkaPools().get("events").bootstrap();
            assertEquals(List.of(new Address("127.0.0.1", kafka)), bootstrap);
            assertTopics(bootstrap.get(0), Map.of("orders", 3, "audit", 1));
            List<Address> standalone = config.pools().get("cache").nodes();
            assertEquals(List.of(new Address("127.0.0.1", redis)), standalone);
            try (RespSocket socket = new RespSocket(redis)) {
                assertEquals("+PONG", socket.call("PING"));
            }
            assertTwoNodesOnZooKeeperServeTheKafkaTenant(parts[0], parts[1]);

            Signals.send(devstack, "INT");
            assertTrue(devstack.waitFor(STOP_SECONDS, TimeUnit.SECONDS), "devstack still runs after SIGINT");
            List<ProcessHandle> left = started.stream().filter(ProcessHandle::isAlive).toList();
            assertEquals(List.of(), left, "still running after devstack exited: " + commands(left));
            List<Integer> ports = new ArrayList<>(List.of(zookeeper, kafka, redis));
            IntStream.range(0, 3).forEach(i -> ports.addAll(List.of(cluster + i, cluster + i + BUS_PORT_OFFSET)));
            assertEquals(List.of(), ports.stream().filter(DevStackTest::answers).toList(), "ports still open");
        } finally {
            devstack.destroyForcibly();
        }
    }

    /**
     * docs/operations.md's steps: the printed pools and tenants pushed with {@code rkproxy zk push} as the printed
     * command says, two nodes on the printed {@code config:} block, a record KPUSHed through one KPOPped through the
     * other (their first KPOPs are nil while they join the tenant's group).
     */
    private void assertTwoNodesOnZooKeeperServeTheKafkaTenant(String pools, String nodeBlock) throws Exception {
        Matcher push = PRINTED_PUSH.matcher(pools);
        assertTrue(push.find(), "no zk push command in:\n" + pools);
        Process zk = childJvm(Main.class.getName(), "zk", "push", "--config", write("pools.yaml", pools).toString(),
                "--zk", push.group(1), "--root", push.group(2))
                .redirectErrorStream(true).redirectOutput(dir.resolve("zk-push.log").toFile()).start();
        assertTrue(zk.waitFor(60, TimeUnit.SECONDS), "zk push still runs");
        assertEquals(0, zk.exitValue(), Files.readString(dir.resolve("zk-push.log")));

        String node = nodeBlock + "server: {port: 0}\n";
        try (ProxyServer first = ProxyServer.start(write("node1.yaml", node));
             ProxyServer second = ProxyServer.start(write("node2.yaml", node));
             RespSocket producer = new RespSocket(first.port());
             RespSocket consumer = new RespSocket(second.port())) {
            assertEquals("+OK", producer.call("AUTH", "feed", "feed-secret"));
            assertEquals("+OK", consumer.call("AUTH", "feed", "feed-secret"));
            String pushed = producer.call("KPUSH", "orders", "first-day");
            assertTrue(pushed.matches("[0-2]\n\\d+"), "KPUSH replies partition and offset: " + pushed);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(KPOP_SECONDS);
            String popped = consumer.call("KPOP", "orders");
            while (popped.equals("(nil)") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                popped = consumer.call("KPOP", "orders");
            }
            assertEquals(pushed + "\nfirst-day", popped);
        }
    }

    /**
     * A JVM of its own on this one's classpath, as the scripts run {@code mainClass}. That classpath has two
     * logback.xml, proxy-bench's first and rkproxy's, and logback would print a warning about it on stdout, which
     * carries devstack's config: its status messages are left out.
     */
    private static ProcessBuilder childJvm(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", ChildClasspath.current());
        return builder;
    }

    private Process start(String... args) throws IOException {
        return childJvm(DevStack.class.getName(), args).redirectError(dir.resolve("devstack.err").toFile()).start();
    }

    /** What devstack printed on stdout up to the line that says it runs. */
    private String awaitRunning(Process devstack) throws Exception {
        CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(devstack.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(DevStack.RUNNING)) {
                        return text.toString();
                    }
                    text.append(line).append('\n');
                }
            } catch (IOException e) {
                // reported below as output without the line
            }
            throw new IllegalStateException("devstack ended its output without " + DevStack.RUNNING + ":\n" + text);
        });
        try {
            return printed.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("devstack did not start: " + Files.readString(dir.resolve("devstack.err")), e);
        }
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static void assertZooKeeperAnswers(String connect) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryOneTime(100))) {
            client.start();
            assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS), "no ZooKeeper session on " + connect);
            byte[] written = "here".getBytes(StandardCharsets.UTF_8);
            client.create().creatingParentsIfNeeded().forPath("/devstack/probe", written);
            assertArrayEquals(written, client.getData().forPath("/devstack/probe"));
        }
    }

    private static void assertClusterOk(Address node) {
        try (RespSocket socket = new RespSocket(node.port())) {
            String info = socket.call("CLUSTER", "INFO");
            assertTrue(info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3")
                    && info.contains("cluster_size:3"), node + ": " + info);
        }
    }

    private static void assertTopics(Address broker, Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.host() + ":"
                + broker.port()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(partitions.keySet()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            partitions.forEach((topic, count) -> assertEquals(count, topics.get(topic).partitions().size(), topic));
        }
    }

    /** A first port whose next two ports and all three cluster bus ports are free too. */
    private static int freeClusterPorts() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = FreePorts.next();
            if (first + 2 + BUS_PORT_OFFSET <= 65535 && IntStream.range(0, 3)
                    .allMatch(i -> bindable(first + i) && bindable(first + i + BUS_PORT_OFFSET))) {
                return first;
            }
        }
        throw new IllegalStateException("no 3 free ports with free cluster bus ports");
    }

    /** A free port not in {@code taken}, which it joins: the OS may give out a port next to one given before. */
    private static int freePortBut(Set<Integer> taken) {
        int port;
        do {
            port = FreePorts.next();
        } while (!taken.add(port));
        return port;
    }

    /** Whether a server could listen on the port: neither listened on nor the local port of a connection. */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String commands(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }
}
