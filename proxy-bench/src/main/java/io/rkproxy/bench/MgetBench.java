package io.rkproxy.bench;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * MGET load driver for scripts/bench.sh. Writes {@code --keys} keys that hash to distinct slots spread evenly over
 * the slot range (so over every master of a cluster), then for {@code --duration-seconds}, after a warm-up, sends
 * MGET of all of them from {@code --connections} connections with {@code --pipeline-depth} requests in flight on
 * each, checks every reply, and prints {@code mget_per_second=<n>}. {@code --mode cluster} drives Lettuce's
 * RedisClusterClient against the cluster itself (its MGET splits the keys by slot and merges the replies);
 * {@code --mode standalone} drives RedisClient against one endpoint, such as rkproxy in front of that cluster.
 * Both modes use the same keys, RESP2 and Lettuce's default event loop threads, so their figures compare.
 * Exits 1 on a failed or wrong reply, 2 on bad arguments.
 */
public final class MgetBench {
    private static final String USAGE = "usage: MgetBench --mode cluster|standalone [--host 127.0.0.1] --port N"
            + " [--connections 4] [--duration-seconds 10] [--warmup-seconds 3] [--keys 10] [--pipeline-depth 16]";

    private final LongAdder done = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile boolean running = true;
    private String[] keys;
    private String[] values;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("host", "127.0.0.1", "connections", "4",
                "duration-seconds", "10", "warmup-seconds", "3", "keys", "10", "pipeline-depth", "16"));
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            boolean known = opts.containsKey(name) || name.equals("mode") || name.equals("port");
            if (!known || i + 1 == args.length) {
                usage("bad argument " + args[i]);
            }
            opts.put(name, args[i + 1]);
        }
        String mode = opts.getOrDefault("mode", "");
        if (!(mode.equals("cluster") || mode.equals("standalone")) || !opts.containsKey("port")) {
            usage("--mode cluster|standalone and --port are required");
        }
        try {
            int keyCount = Integer.parseInt(opts.get("keys"));
            if (keyCount < 1 || keyCount > 1000) {
                usage("--keys must be 1..1000");
            }
            System.exit(new MgetBench().run(mode, RedisURI.create(opts.get("host"), Integer.parseInt(opts.get("port"))),
                    Integer.parseInt(opts.get("connections")), keyCount, Integer.parseInt(opts.get("pipeline-depth")),
                    Integer.parseInt(opts.get("warmup-seconds")), Integer.parseInt(opts.get("duration-seconds"))));
        } catch (NumberFormatException e) {
            usage("not a number: " + e.getMessage());
        } catch (Exception e) {
            System.err.println("MgetBench: " + e);
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("MgetBench: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    private int run(String mode, RedisURI uri, int connections, int keyCount, int depth, int warmupSeconds,
            int durationSeconds) throws Exception {
        chooseKeys(keyCount);
        List<StatefulConnection<String, String>> connected = new ArrayList<>();
        List<RedisStringAsyncCommands<String, String>> lanes = new ArrayList<>();
        AbstractRedisClient client = mode.equals("cluster") ? RedisClusterClient.create(uri) : RedisClient.create(uri);
        try {
            String placement;
            if (client instanceof RedisClusterClient cluster) {
                cluster.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
                for (int i = 0; i < connections; i++) {
                    var connection = cluster.connect();
                    connected.add(connection);
                    lanes.add(connection.async());
                }
                Map<String, Integer> perNode = new TreeMap<>();
                for (String key : keys) {
                    perNode.merge(cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getUri()
                            .toString(), 1, Integer::sum);
                }
                placement = "keys per master " + perNode;
            } else {
                RedisClient standalone = (RedisClient) client;
                standalone.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
                for (int i = 0; i < connections; i++) {
                    var connection = standalone.connect();
                    connected.add(connection);
                    lanes.add(connection.async());
                }
                placement = "keys in distinct slots";
            }
            for (int i = 0; i < keys.length; i++) {
                lanes.get(0).set(keys[i], values[i]).get(10, TimeUnit.SECONDS);
            }
            System.err.printf("MgetBench: %s %s, %d connection(s) x %d in flight, MGET of %d keys, %s%n",
                    mode, uri, connections, depth, keys.length, placement);
            for (RedisStringAsyncCommands<String, String> lane : lanes) {
                for (int d = 0; d < depth; d++) {
                    send(lane);
                }
            }
            if (failed.await(warmupSeconds, TimeUnit.SECONDS)) {
                return fail();
            }
            long count0 = done.sum();
            long t0 = System.nanoTime();
            boolean failedDuringRun = failed.await(durationSeconds, TimeUnit.SECONDS);
            long count1 = done.sum();
            long t1 = System.nanoTime();
            running = false;
            if (failedDuringRun) {
                return fail();
            }
            for (int i = 0; i < 1000 && inFlight.get() > 0; i++) {
                Thread.sleep(10);
            }
            System.out.printf("mget_per_second=%d%n", Math.round((count1 - count0) * 1e9 / (t1 - t0)));
            return 0;
        } finally {
            running = false;
            connected.forEach(StatefulConnection::close);
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Keys bench:mget:N, the first whose slot falls in each of keyCount equal parts of the slot range. */
    private void chooseKeys(int keyCount) {
        keys = new String[keyCount];
        values = new String[keyCount];
        for (int n = 0, found = 0; found < keyCount; n++) {
            String key = "bench:mget:" + n;
            int part = SlotHash.getSlot(key) * keyCount / SlotHash.SLOT_COUNT;
            if (keys[part] == null) {
                keys[part] = key;
                values[part] = "value-of-" + key;
                found++;
            }
        }
    }

    /** One MGET on the lane; its completion checks the reply and sends the next one while the run lasts. */
    private void send(RedisStringAsyncCommands<String, String> lane) {
        inFlight.incrementAndGet();
        lane.mget(keys).whenComplete((reply, error) -> {
            inFlight.decrementAndGet();
            String problem = error != null ? "MGET failed: " + error : check(reply);
            if (problem != null) {
                if (failure.compareAndSet(null, problem)) {
                    failed.countDown();
                }
                running = false;
            } else {
                done.increment();
                if (running) {
                    send(lane);
                }
            }
        });
    }

    private String check(List<KeyValue<String, String>> reply) {
        if (reply.size() != keys.length) {
            return "MGET returned " + reply.size() + " values for " + keys.length + " keys: " + reply;
        }
        for (int i = 0; i < keys.length; i++) {
            KeyValue<String, String> kv = reply.get(i);
            if (!kv.getKey().equals(keys[i]) || !kv.hasValue() || !kv.getValue().equals(values[i])) {
                return "MGET returned " + kv + " where " + keys[i] + " = " + values[i] + " was expected";
            }
        }
        return null;
    }

    private int fail() {
        System.err.println("MgetBench: " + failure.get());
        return 1;
    }
}
