package io.rkproxy.bench;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Streams section's driver for scripts/bench.sh, with Lettuce for both sides so that only the proxy differs.
 * Producing, {@code --connections} connections keep {@code --pipeline} commands in flight each until {@code --records}
 * records of {@code --size} bytes are written, record i to partition i mod {@code --partitions}:
 * <ul>
 * <li>{@code --mode xadd}: {@code XADD <topic>:<p> MAXLEN ~ 1000000 * v <value>} straight to redis-server, which is
 * what rkproxy's KPUSH sends;</li>
 * <li>{@code --mode kpush}: {@code KPUSH <topic> <p> <value>} to rkproxy, after AUTH {@code --password}.</li>
 * </ul>
 * Consuming until {@code --records} records came:
 * <ul>
 * <li>{@code --mode xreadgroup}, the reference: one connection in the new group {@code --group} (created at the
 * streams' start) reading {@code XREADGROUP ... COUNT --count} from all partitions and XACKing each batch, pipelined
 * with the next read;</li>
 * <li>{@code --mode kpop}: {@code --connections} connections to rkproxy, each sending rounds of {@code --pipeline}
 * {@code KPOP <topic>}; a round of only nils sleeps 1 ms, as a polling client would.</li>
 * </ul>
 * Untimed first, for the JIT: producing modes write {@code --warmup-records} to {@code <topic>.warm}, consuming
 * modes start the clock at that many records of the topic. Prints {@code records_per_second=<n>}, the timed records
 * over the time from the first timed command (or record) to the last record. Exits 1
 * on an error reply or when {@code --timeout-seconds} pass first, 2 on bad arguments.
 */
public final class StreamsBench {
    private static final String USAGE = "usage: StreamsBench --mode xadd|kpush|xreadgroup|kpop --port P --topic T"
            + " --records N [--password S (kpush, kpop)] [--group G (xreadgroup)] [--host 127.0.0.1]"
            + " [--partitions 4] [--size 100] [--connections 4] [--pipeline 16] [--count 100]"
            + " [--warmup-records 0] [--timeout-seconds 100]";
    /** The MAXLEN rkproxy's queue config gets in the bench, and so XADD here too. */
    static final long MAXLEN = 1_000_000;

    private enum QueueCommand implements ProtocolKeyword {
        KPUSH, KPOP;

        private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return bytes;
        }
    }

    private final Map<String, String> opts;
    private final String topic;
    private final long records;
    private final int partitions;
    private final long warmup;
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong timedFrom = new AtomicLong();
    private volatile long target;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopped;

    private StreamsBench(Map<String, String> opts) {
        this.opts = opts;
        this.topic = opts.get("topic");
        this.records = Long.parseLong(opts.get("records"));
        this.partitions = Integer.parseInt(opts.get("partitions"));
        this.warmup = Long.parseLong(opts.get("warmup-records"));
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>(Map.of("host", "127.0.0.1", "partitions", "4", "size", "100",
                "connections", "4", "pipeline", "16", "count", "100", "timeout-seconds", "100", "warmup-records", "0"));
        Set<String> named = Set.of("mode", "port", "topic", "records", "password", "group");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!(opts.containsKey(name) || named.contains(name)) || i + 1 == args.length) {
                usage("bad argument " + args[i]);
            }
            opts.put(name, args[i + 1]);
        }
        String mode = opts.getOrDefault("mode", "");
        if (!Set.of("xadd", "kpush", "xreadgroup", "kpop").contains(mode)) {
            usage("--mode must be xadd, kpush, xreadgroup or kpop");
        }
        List<String> needed = new ArrayList<>(List.of("port", "topic", "records"));
        if (mode.startsWith("k")) {
            needed.add("password");
        } else if (mode.equals("xreadgroup")) {
            needed.add("group");
        }
        for (String n : needed) {
            if (!opts.containsKey(n)) {
                usage("--mode " + mode + " needs --" + String.join(", --", needed));
            }
        }
        try {
            System.exit(new StreamsBench(opts).run(mode));
        } catch (NumberFormatException e) {
            usage("not a number: " + e.getMessage());
        } catch (Exception e) {
            System.err.println("StreamsBench: " + e);
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("StreamsBench: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    private int run(String mode) throws Exception {
        int connections = mode.equals("xreadgroup") ? 1 : Integer.parseInt(opts.get("connections"));
        RedisURI.Builder uri = RedisURI.Builder.redis(opts.get("host"), Integer.parseInt(opts.get("port")));
        if (opts.containsKey("password")) {
            // in the URI, so that AUTH is the connection's first command
            uri.withPassword(opts.get("password").toCharArray());
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        List<StatefulRedisConnection<String, String>> connected = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                connected.add(client.connect(StringCodec.UTF8));
            }
            if (mode.equals("xreadgroup")) {
                createGroup(connected.get(0).async());
            }
            boolean producing = mode.equals("xadd") || mode.equals("kpush");
            if (producing && warmup > 0 && phase(mode, topic + ".warm", warmup, connected) != 0) {
                return 1;
            }
            long started = System.nanoTime();
            if (phase(mode, topic, records, connected) != 0) {
                return 1;
            }
            long finished = System.nanoTime();
            long timed = producing ? records : records - warmup;
            long from = producing || warmup == 0 ? started : timedFrom.get();
            System.err.printf("StreamsBench: %s of %d records of %d bytes on %s (%d partitions), %d connection(s),"
                    + " after %d untimed; %.2f s%n", mode, timed, Integer.parseInt(opts.get("size")), topic,
                    partitions, connections, warmup, (finished - from) / 1e9);
            System.out.printf("records_per_second=%d%n", Math.round(timed * 1e9 / Math.max(1, finished - from)));
            return 0;
        } finally {
            stopped = true;
            connected.forEach(StatefulRedisConnection::close);
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** One connection's thread each until {@code total} records of {@code phaseTopic} came; 0 or 1 as main's. */
    private int phase(String mode, String phaseTopic, long total, List<StatefulRedisConnection<String, String>> lanes)
            throws InterruptedException {
        counted.set(0);
        target = total;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            RedisAsyncCommands<String, String> lane = lanes.get(i).async();
            int first = i;
            Runnable body = switch (mode) {
                case "xadd", "kpush" -> () -> produce(lane, mode.equals("kpush"), phaseTopic, first, lanes.size());
                case "kpop" -> () -> kpop(lane, phaseTopic);
                default -> () -> xreadgroup(lane, phaseTopic);
            };
            threads.add(new Thread(() -> guarded(body), mode + "-" + i));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(opts.get("timeout-seconds")));
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (failure.get() == null && counted.get() < total) {
            failure.compareAndSet(null, "only " + counted.get() + " of " + total + " records of " + phaseTopic
                    + " in time");
        }
        if (failure.get() != null) {
            System.err.println("StreamsBench: " + failure.get());
            return 1;
        }
        return 0;
    }

    private boolean running() {
        return !stopped && failure.get() == null && counted.get() < target;
    }

    /** Counts records taken; the consumer whose records pass the warm-up starts the clock. */
    private void count(long taken) {
        long now = counted.addAndGet(taken);
        if (now >= warmup && now - taken < Math.max(1, warmup)) {
            timedFrom.compareAndSet(0, System.nanoTime());
        }
    }

    private void fail(String problem) {
        failure.compareAndSet(null, problem);
    }

    private void guarded(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            fail(Thread.currentThread().getName() + ": " + e);
        }
    }

    /** Records {@code first}, {@code first + step}, ... below {@code --records}, with {@code --pipeline} in flight. */
    private void produce(RedisAsyncCommands<String, String> lane, boolean kpush, String topic, int first, int step) {
        String value = "x".repeat(Integer.parseInt(opts.get("size")));
        Semaphore window = new Semaphore(Integer.parseInt(opts.get("pipeline")));
        XAddArgs trim = XAddArgs.Builder.maxlen(MAXLEN).approximateTrimming();
        for (long n = first; n < target && !stopped && failure.get() == null; n += step) {
            window.acquireUninterruptibly();
            int partition = (int) (n % partitions);
            RedisFuture<?> sent = kpush
                    ? lane.dispatch(QueueCommand.KPUSH, new ArrayOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).add(topic).add(partition).addValue(value))
                    : lane.xadd(topic + ":" + partition, trim, "v", value);
            sent.whenComplete((reply, error) -> {
                if (error != null) {
                    fail((kpush ? "KPUSH" : "XADD") + " failed: " + error);
                } else {
                    count(1);
                }
                window.release();
            });
        }
        window.acquireUninterruptibly(Integer.parseInt(opts.get("pipeline")));
    }

    private void kpop(RedisAsyncCommands<String, String> lane, String topic) {
        int pipeline = Integer.parseInt(opts.get("pipeline"));
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(topic);
        while (running()) {
            List<RedisFuture<List<Object>>> round = new ArrayList<>(pipeline);
            for (int i = 0; i < pipeline; i++) {
                round.add(lane.dispatch(QueueCommand.KPOP, new ArrayOutput<>(StringCodec.UTF8), args));
            }
            int got = 0;
            for (RedisFuture<List<Object>> f : round) {
                List<Object> reply = await(f, "KPOP");
                if (reply != null && reply.size() == 3 && reply.get(2) != null) {
                    got++;
                }
            }
            count(got);
            if (got == 0) {
                pause();
            }
        }
    }

    private void createGroup(RedisAsyncCommands<String, String> lane) {
        for (int p = 0; p < partitions; p++) {
            await(lane.xgroupCreate(XReadArgs.StreamOffset.from(topic + ":" + p, "0"), opts.get("group")),
                    "XGROUP CREATE");
        }
    }

    @SuppressWarnings("unchecked")
    private void xreadgroup(RedisAsyncCommands<String, String> lane, String topic) {
        String group = opts.get("group");
        Consumer<String> me = Consumer.from(group, "bench");
        XReadArgs count = XReadArgs.Builder.count(Long.parseLong(opts.get("count")));
        XReadArgs.StreamOffset<String>[] streams = new XReadArgs.StreamOffset[partitions];
        for (int p = 0; p < partitions; p++) {
            streams[p] = XReadArgs.StreamOffset.lastConsumed(topic + ":" + p);
        }
        List<RedisFuture<Long>> acks = new ArrayList<>();
        while (running()) {
            List<StreamMessage<String, String>> batch = await(lane.xreadgroup(me, count, streams), "XREADGROUP");
            Map<String, List<String>> ids = new HashMap<>();
            batch.forEach(m -> ids.computeIfAbsent(m.getStream(), k -> new ArrayList<>()).add(m.getId()));
            ids.forEach((stream, of) -> acks.add(lane.xack(stream, group, of.toArray(String[]::new))));
            count(batch.size());
            if (batch.isEmpty()) {
                pause();
            }
        }
        acks.forEach(a -> await(a, "XACK"));
    }

    private <T> T await(RedisFuture<T> future, String command) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(command + " failed: " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
