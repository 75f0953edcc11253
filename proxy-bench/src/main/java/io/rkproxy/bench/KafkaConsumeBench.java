package io.rkproxy.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Consumption driver for the Kafka section of scripts/bench.sh: consumes {@code --warmup-records} untimed, then
 * {@code --records} more distinct records of {@code --topic}, and prints {@code records_per_second=<n>}: the timed
 * records over the time from the last untimed record (the first record received without a warm-up, so a group
 * join before it is not in the figure; stderr also gives the rate including it) to the last. Records are told apart
 * by partition and offset: one delivered twice (after a rebalance, say) counts once, and the duplicates are
 * reported on stderr.
 * <ul>
 * <li>{@code --mode direct}: the reference, one kafka-clients KafkaConsumer in the new group {@code --group},
 * subscribed to the topic from the earliest offset, auto-commit off, otherwise kafka-clients' defaults (rkproxy's
 * own consumers use the same).</li>
 * <li>{@code --mode kpop}: {@code --connections} connections to rkproxy, each AUTH {@code --password}, then rounds
 * of {@code --pipeline} pipelined {@code KPOP topic}, or with {@code --count} n above 1 {@code KPOP topic COUNT n}
 * (each reply up to n records); nil replies (the node's prefetch buffer is empty, as before
 * its group member has joined) are skipped, and a round of only nils sleeps {@code --empty-backoff-ms} first, as a
 * polling client would.</li>
 * <li>{@code --mode blpop}: rafka's consumer protocol: each connection does AUTH, {@code CLIENT SETNAME
 * <group>:<i>}, then rounds of {@code --pipeline} pipelined {@code BLPOP topics:<topic> 1}, preceded by {@code RPUSH
 * acks topic:partition:offset} for each record of the round before (unless {@code --acks false}).</li>
 * </ul>
 * The rkproxy modes speak RESP2 over plain sockets, one thread per connection. Exits 1 on an error reply, a lost
 * connection or when {@code --timeout-seconds} pass first, 2 on bad arguments.
 */
public final class KafkaConsumeBench {
    private static final String USAGE = "usage: KafkaConsumeBench --mode direct|kpop|blpop --topic T --records N"
            + " [--bootstrap host:port (direct)] [--port P --password S (kpop, blpop)] [--host 127.0.0.1]"
            + " [--group G (direct, blpop)] [--warmup-records 0] [--connections 4] [--pipeline 16] [--count 1 (kpop)]"
            + " [--acks true]"
            + " [--empty-backoff-ms 1] [--timeout-seconds 100]";

    private final ConsumeProgress progress;

    private KafkaConsumeBench(ConsumeProgress progress) {
        this.progress = progress;
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>(Map.of("host", "127.0.0.1", "connections", "4", "pipeline", "16",
                "count", "1", "acks", "true", "empty-backoff-ms", "1", "timeout-seconds", "100", "warmup-records", "0"));
        Set<String> required = Set.of("mode", "topic", "records", "bootstrap", "port", "password", "group");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!(opts.containsKey(name) || required.contains(name)) || i + 1 == args.length) {
                usage("bad argument " + args[i]);
            }
            opts.put(name, args[i + 1]);
        }
        String mode = opts.getOrDefault("mode", "");
        List<String> needed = switch (mode) {
            case "direct" -> List.of("topic", "records", "bootstrap", "group");
            case "kpop" -> List.of("topic", "records", "port", "password");
            case "blpop" -> List.of("topic", "records", "port", "password", "group");
            default -> null;
        };
        if (needed == null) {
            usage("--mode must be direct, kpop or blpop");
        }
        for (String n : needed) {
            if (!opts.containsKey(n)) {
                usage("--mode " + mode + " needs --" + String.join(", --", needed));
            }
        }
        try {
            long records = Long.parseLong(opts.get("records"));
            long warmup = Long.parseLong(opts.get("warmup-records"));
            int connections = Integer.parseInt(opts.get("connections"));
            int pipeline = Integer.parseInt(opts.get("pipeline"));
            int count = Integer.parseInt(opts.get("count"));
            if (records < 1 || warmup < 0 || connections < 1 || pipeline < 1 || count < 1) {
                usage("--records, --connections, --pipeline and --count must be positive, --warmup-records not"
                        + " negative");
            }
            KafkaConsumeBench bench = new KafkaConsumeBench(new ConsumeProgress(warmup, warmup + records));
            System.exit(bench.run(mode, opts, connections, pipeline, count,
                    Integer.parseInt(opts.get("timeout-seconds"))));
        } catch (NumberFormatException e) {
            usage("not a number: " + e.getMessage());
        } catch (Exception e) {
            System.err.println("KafkaConsumeBench: " + e);
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("KafkaConsumeBench: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    private int run(String mode, Map<String, String> opts, int connections, int pipeline, int count,
                    int timeoutSeconds) throws InterruptedException {
        String topic = opts.get("topic");
        List<Thread> threads = new ArrayList<>();
        String what;
        if (mode.equals("direct")) {
            what = "one KafkaConsumer in group " + opts.get("group") + " on " + opts.get("bootstrap");
            DirectConsumer consumer = new DirectConsumer(opts.get("bootstrap"), topic, opts.get("group"), progress);
            threads.add(new Thread(() -> guarded(consumer::run), "direct-consumer"));
        } else {
            boolean blpop = mode.equals("blpop");
            boolean acks = Boolean.parseBoolean(opts.get("acks"));
            long backoffMs = Long.parseLong(opts.get("empty-backoff-ms"));
            InetSocketAddress address = new InetSocketAddress(opts.get("host"), Integer.parseInt(opts.get("port")));
            what = connections + " connection(s) x " + pipeline + " pipelined "
                    + (blpop ? "BLPOP" : count > 1 ? "KPOP COUNT " + count : "KPOP")
                    + (blpop ? (acks ? " with RPUSH acks" : " without acks") + ", group " + opts.get("group") : "")
                    + " to rkproxy on " + address;
            for (int i = 0; i < connections; i++) {
                String clientName = blpop ? opts.get("group") + ":" + i : null;
                ProxyConsumer consumer = new ProxyConsumer(address, opts.get("password"), topic, clientName,
                        pipeline, blpop ? 1 : count, blpop && acks, blpop ? 0 : backoffMs, progress);
                threads.add(new Thread(() -> guarded(consumer::run), mode + "-" + i));
            }
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        boolean inTime = progress.await(timeoutSeconds);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(ProxyConsumer.BLPOP_TIMEOUT_SECONDS + 5));
        }
        if (progress.failure() != null) {
            System.err.println("KafkaConsumeBench: " + progress.failure());
            return 1;
        }
        long target = progress.target();
        if (!inTime) {
            System.err.printf("KafkaConsumeBench: only %d of %d records within %d s (%s)%n", progress.consumed(),
                    target, timeoutSeconds, what);
            return 1;
        }
        long first = progress.firstAt();
        long doneAt = progress.doneAt();
        long timed = target - progress.warmup();
        System.err.printf("KafkaConsumeBench: %d records of %s after %d untimed, %s; timing started after %.2f s,"
                        + " then %.2f s; %d duplicate(s), %d nil repl(ies); %d records/s including the start%n",
                timed, topic, progress.warmup(), what, (first - started) / 1e9, (doneAt - first) / 1e9,
                progress.duplicates(), progress.nils(), Math.round(target * 1e9 / (doneAt - started)));
        System.out.printf("records_per_second=%d%n", Math.round(timed * 1e9 / Math.max(1, doneAt - first)));
        return 0;
    }

    private interface Body {
        void run() throws Exception;
    }

    private void guarded(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            if (progress.running()) {
                progress.fail(Thread.currentThread().getName() + ": " + e);
            }
        }
    }
}
