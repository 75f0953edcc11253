package io.rkproxy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
 * of {@code --pipeline} pipelined {@code KPOP topic}; nil replies (the node's prefetch buffer is empty, as before
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
            + " [--group G (direct, blpop)] [--warmup-records 0] [--connections 4] [--pipeline 16] [--acks true]"
            + " [--empty-backoff-ms 1] [--timeout-seconds 100]";
    private static final int BLPOP_TIMEOUT_SECONDS = 1;

    private final long warmup;
    private final long target;
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong consumed = new AtomicLong();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder nils = new LongAdder();
    private final AtomicLong firstAt = new AtomicLong();
    private volatile long doneAt;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean running = true;

    /** {@code target} counts the untimed {@code warmup} records too. */
    private KafkaConsumeBench(long warmup, long target) {
        this.warmup = warmup;
        this.target = target;
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>(Map.of("host", "127.0.0.1", "connections", "4", "pipeline", "16",
                "acks", "true", "empty-backoff-ms", "1", "timeout-seconds", "100", "warmup-records", "0"));
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
            if (records < 1 || warmup < 0 || connections < 1 || pipeline < 1) {
                usage("--records, --connections and --pipeline must be positive, --warmup-records not negative");
            }
            KafkaConsumeBench bench = new KafkaConsumeBench(warmup, warmup + records);
            System.exit(bench.run(mode, opts, connections, pipeline, Integer.parseInt(opts.get("timeout-seconds"))));
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

    private int run(String mode, Map<String, String> opts, int connections, int pipeline, int timeoutSeconds)
            throws InterruptedException {
        String topic = opts.get("topic");
        List<Thread> threads = new ArrayList<>();
        String what;
        if (mode.equals("direct")) {
            what = "one KafkaConsumer in group " + opts.get("group") + " on " + opts.get("bootstrap");
            threads.add(new Thread(() -> guarded(() -> direct(opts.get("bootstrap"), topic, opts.get("group"))),
                    "direct-consumer"));
        } else {
            boolean blpop = mode.equals("blpop");
            boolean acks = Boolean.parseBoolean(opts.get("acks"));
            long backoffMs = Long.parseLong(opts.get("empty-backoff-ms"));
            InetSocketAddress address = new InetSocketAddress(opts.get("host"), Integer.parseInt(opts.get("port")));
            what = connections + " connection(s) x " + pipeline + " pipelined " + (blpop ? "BLPOP" : "KPOP")
                    + (blpop ? (acks ? " with RPUSH acks" : " without acks") + ", group " + opts.get("group") : "")
                    + " to rkproxy on " + address;
            for (int i = 0; i < connections; i++) {
                String clientName = blpop ? opts.get("group") + ":" + i : null;
                threads.add(new Thread(() -> guarded(() -> throughProxy(address, opts.get("password"), topic,
                        clientName, pipeline, blpop && acks, blpop ? 0 : backoffMs)), mode + "-" + i));
            }
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        boolean inTime = finished.await(timeoutSeconds, TimeUnit.SECONDS);
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(BLPOP_TIMEOUT_SECONDS + 5));
        }
        if (failure.get() != null) {
            System.err.println("KafkaConsumeBench: " + failure.get());
            return 1;
        }
        if (!inTime) {
            System.err.printf("KafkaConsumeBench: only %d of %d records within %d s (%s)%n", consumed.get(), target,
                    timeoutSeconds, what);
            return 1;
        }
        long first = firstAt.get();
        long timed = target - warmup;
        System.err.printf("KafkaConsumeBench: %d records of %s after %d untimed, %s; timing started after %.2f s,"
                        + " then %.2f s; %d duplicate(s), %d nil repl(ies); %d records/s including the start%n",
                timed, topic, warmup, what, (first - started) / 1e9, (doneAt - first) / 1e9, duplicates.sum(),
                nils.sum(), Math.round(target * 1e9 / (doneAt - started)));
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
            if (running) {
                fail(Thread.currentThread().getName() + ": " + e);
            }
        }
    }

    private void fail(String problem) {
        if (failure.compareAndSet(null, problem)) {
            running = false;
            finished.countDown();
        }
    }

    /** Counts a record; false once the target is reached, so the caller stops. */
    private boolean record(long partition, long offset) {
        if (!seen.add(partition << 40 | offset)) {
            duplicates.increment();
            return running;
        }
        long n = consumed.incrementAndGet();
        if (n == Math.max(1, warmup)) {
            firstAt.compareAndSet(0, System.nanoTime());
        }
        if (n == target) {
            doneAt = System.nanoTime();
            running = false;
            finished.countDown();
        }
        return running;
    }

    private void direct(String bootstrap, String topic, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-direct-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        throw new IllegalStateException("a record without a value at " + r.partition() + ":"
                                + r.offset());
                    }
                    if (!record(r.partition(), r.offset())) {
                        break;
                    }
                }
            }
        }
    }

    /** One connection of the kpop and blpop modes; {@code clientName} null for KPOP. */
    private void throughProxy(InetSocketAddress address, String password, String topic, String clientName,
                              int pipeline, boolean acks, long backoffMs) throws Exception {
        boolean blpop = clientName != null;
        try (Resp resp = new Resp(address)) {
            expectOk(resp.call("AUTH", password), "AUTH");
            if (blpop) {
                expectOk(resp.call("CLIENT", "SETNAME", clientName), "CLIENT SETNAME " + clientName);
            }
            byte[][] pop = blpop ? Resp.args("BLPOP", "topics:" + topic, Integer.toString(BLPOP_TIMEOUT_SECONDS))
                    : Resp.args("KPOP", topic);
            List<String> toAck = new ArrayList<>();
            while (running) {
                for (String ack : toAck) {
                    resp.send(Resp.args("RPUSH", "acks", ack));
                }
                for (int i = 0; i < pipeline; i++) {
                    resp.send(pop);
                }
                resp.flush();
                for (int i = 0; i < toAck.size(); i++) {
                    Object reply = resp.read();
                    if (!Long.valueOf(1).equals(reply)) {
                        throw new IllegalStateException("RPUSH acks " + toAck.get(i) + " replied " + show(reply));
                    }
                }
                toAck.clear();
                int got = 0;
                for (int i = 0; i < pipeline; i++) {
                    Object reply = resp.read();
                    if (reply == null) {
                        nils.increment();
                        continue;
                    }
                    if (!(reply instanceof List<?> fields) || fields.size() != (blpop ? 8 : 3)) {
                        throw new IllegalStateException((blpop ? "BLPOP" : "KPOP") + " replied " + show(reply));
                    }
                    long partition = number(fields.get(blpop ? 3 : 0));
                    long offset = number(fields.get(blpop ? 5 : 1));
                    if (fields.get(blpop ? 7 : 2) == null) {
                        throw new IllegalStateException("a record without a value: " + show(reply));
                    }
                    got++;
                    if (acks) {
                        toAck.add(topic + ":" + partition + ":" + offset);
                    }
                    record(partition, offset);
                }
                if (got == 0 && backoffMs > 0 && running) {
                    Thread.sleep(backoffMs);
                }
            }
        }
    }

    private static void expectOk(Object reply, String command) {
        if (!"OK".equals(reply)) {
            throw new IllegalStateException(command + " replied " + show(reply));
        }
    }

    private static long number(Object field) {
        if (field instanceof Long n) {
            return n;
        }
        if (field instanceof byte[] bulk) {
            return Long.parseLong(new String(bulk, StandardCharsets.US_ASCII));
        }
        throw new IllegalStateException("not a number: " + show(field));
    }

    private static String show(Object reply) {
        if (reply instanceof byte[] bulk) {
            return "\"" + new String(bulk, StandardCharsets.UTF_8) + "\"";
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(KafkaConsumeBench::show).toList().toString();
        }
        return String.valueOf(reply);
    }

    /** An error reply. */
    private record RespError(String text) {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    /**
     * A minimal blocking RESP2 client: commands are written to a buffer and sent on {@link #flush}; replies read as
     * String (simple), Long, byte[] (bulk), List (array), RespError, or null (nil bulk or array).
     */
    private static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Resp(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        }

        static byte[][] args(String... args) {
            byte[][] out = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                out[i] = args[i].getBytes(StandardCharsets.UTF_8);
            }
            return out;
        }

        Object call(String... args) throws IOException {
            send(args(args));
            flush();
            return read();
        }

        void send(byte[][] args) throws IOException {
            header('*', args.length);
            for (byte[] a : args) {
                header('$', a.length);
                out.write(a);
                out.write('\r');
                out.write('\n');
            }
        }

        private void header(char type, int n) throws IOException {
            out.write(type);
            out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
        }

        void flush() throws IOException {
            out.flush();
        }

        Object read() throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("connection closed by rkproxy");
            }
            String line = line();
            switch (type) {
                case '+':
                    return line;
                case '-':
                    return new RespError(line);
                case ':':
                    return Long.parseLong(line);
                case '_':
                    return null;
                case '$': {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    byte[] bulk = in.readNBytes(n);
                    if (bulk.length < n || in.read() != '\r' || in.read() != '\n') {
                        throw new EOFException("truncated bulk reply");
                    }
                    return bulk;
                }
                case '*': {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(read());
                    }
                    return items;
                }
                default:
                    throw new IOException("unexpected RESP type '" + (char) type + "' (" + line + ")");
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new EOFException("connection closed by rkproxy");
                }
                sb.append((char) c);
            }
            if (in.read() != '\n') {
                throw new IOException("a RESP line not ended by CRLF");
            }
            return sb.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a benchmark connection
            }
        }
    }
}
