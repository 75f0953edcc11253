package io.rkproxy.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The reference for KPUSH in scripts/bench.sh: one plain kafka-clients producer with {@code acks=all} (and
 * otherwise kafka-clients' defaults) sends {@code --records} records of {@code --size} bytes ('x's, no key, as
 * redis-benchmark's KPUSH sends them) to {@code --topic}, asynchronously, and waits until the broker acknowledged
 * every one. {@code --warmup-records} go first, untimed, in the same JVM (rkproxy gets an untimed warm-up too).
 * Prints {@code records_per_second=<n>}: the records divided by the time from the first send to the last
 * acknowledgement. Exits 1 when a send fails, 2 on bad arguments.
 */
public final class DirectProducerBench {
    private static final String USAGE = "usage: DirectProducerBench --bootstrap host:port --topic T --records N"
            + " [--size 100] [--warmup-records 0] [--linger-ms <kafka-clients' default>]";

    private final LongAdder failed = new LongAdder();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    private DirectProducerBench() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>(Map.of("size", "100", "warmup-records", "0"));
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            boolean known = opts.containsKey(name) || name.equals("bootstrap") || name.equals("topic")
                    || name.equals("records") || name.equals("linger-ms");
            if (!known || i + 1 == args.length) {
                usage("bad argument " + args[i]);
            }
            opts.put(name, args[i + 1]);
        }
        if (!opts.containsKey("bootstrap") || !opts.containsKey("topic") || !opts.containsKey("records")) {
            usage("--bootstrap, --topic and --records are required");
        }
        try {
            System.exit(new DirectProducerBench().run(opts.get("bootstrap"), opts.get("topic"),
                    Long.parseLong(opts.get("records")), Integer.parseInt(opts.get("size")),
                    Long.parseLong(opts.get("warmup-records")), opts.get("linger-ms")));
        } catch (NumberFormatException e) {
            usage("not a number: " + e.getMessage());
        } catch (Exception e) {
            System.err.println("DirectProducerBench: " + e);
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("DirectProducerBench: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    private int run(String bootstrap, String topic, long records, int size, long warmup, String lingerMs) {
        if (records < 1 || size < 0 || warmup < 0) {
            usage("--records must be positive, --size and --warmup-records not negative");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-direct-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (lingerMs != null) {
            p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        }
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        Object linger = new ProducerConfig(p).values().get(ProducerConfig.LINGER_MS_CONFIG);
        Callback onAck = (metadata, error) -> {
            if (error != null) {
                failed.increment();
                firstError.compareAndSet(null, error);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            if (warmup > 0) {
                for (long i = 0; i < warmup; i++) {
                    producer.send(new ProducerRecord<>(topic, value), onAck);
                }
                producer.flush();
            }
            long t0 = System.nanoTime();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value), onAck);
            }
            producer.flush();
            long t1 = System.nanoTime();
            if (failed.sum() > 0) {
                System.err.printf("DirectProducerBench: %d send(s) failed, the first: %s%n", failed.sum(),
                        firstError.get());
                return 1;
            }
            System.err.printf("DirectProducerBench: %d records of %d bytes to %s on %s, acks=all, linger.ms=%s, after"
                    + " %d untimed; %.2f s%n", records, size, topic, bootstrap, linger, warmup, (t1 - t0) / 1e9);
            System.out.printf("records_per_second=%d%n", Math.round(records * 1e9 / (t1 - t0)));
            return 0;
        }
    }
}
