package io.rkproxy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The Kafka section, in records/s: KPUSH through rkproxy (redis-benchmark -P 16; each reply comes after the broker's
 * acks=all) against one kafka-clients producer, then KPOP (batched with COUNT, and one record per KPOP) and BLPOP
 * through rkproxy (KafkaConsumeBench) against one kafka-clients consumer, all on one topic. Within a round the producer and KPUSH swap places every other round:
 * what follows the previous round's BLPOP runs slower, and this way neither always gets that spot.
 */
final class KafkaSection implements Section {
    private static final String KPUSH = "KPUSH -P16";
    private static final String KPOP_SINGLE = "KPOP x1";

    private final BenchContext ctx;
    private final KafkaConfig kafka;
    private final KafkaTargets targets;
    private final String value;
    /** The batched KPOP's label, "KPOP x<count>". */
    private final String kpop;

    KafkaSection(BenchContext ctx, KafkaConfig kafka) {
        this.ctx = ctx;
        this.kafka = kafka;
        this.targets = new KafkaTargets(ctx, kafka);
        this.value = "x".repeat(kafka.valueSize());
        this.kpop = "KPOP x" + kafka.kpopCount();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void run() {
        targets.start();
        warmUp();
        int rounds = ctx.config().rounds();
        for (int round = 1; round <= rounds; round++) {
            String prefix = "round " + round + "/" + rounds + ": kafka, ";
            if (round % 2 == 1) {
                produce(round, prefix);
                kpush(round, prefix);
            } else {
                kpush(round, prefix);
                produce(round, prefix);
            }
            Log.info(prefix + "kafka-clients consumer");
            consume(round, "kafka-consumer", "consume", consumerArgs(List.of("--mode", "direct", "--bootstrap",
                    targets.bootstrap(), "--group", "bench-direct-r" + round, "--records",
                    Integer.toString(kafka.records()), "--warmup-records", Integer.toString(kafka.warmupRecords()))));
            consumeThroughRkproxy(round, prefix);
        }
        targets.stopRkproxy();
    }

    private void consumeThroughRkproxy(int round, String logPrefix) {
        Log.info(logPrefix + "KPOP COUNT " + kafka.kpopCount() + " through rkproxy");
        metered(kpop, kafka.records(), () -> consume(round, "rk-kafka", kpop,
                rkproxyConsumer("kpop", kafka.records(), List.of("--count", Integer.toString(kafka.kpopCount())))));
        if (kafka.kpopCount() > 1) {
            Log.info(logPrefix + "KPOP (one record each) through rkproxy");
            metered(KPOP_SINGLE, kafka.kpopRecords(), () -> consume(round, "rk-kafka", KPOP_SINGLE,
                    rkproxyConsumer("kpop", kafka.kpopRecords(), List.of())));
        }
        Log.info(logPrefix + "BLPOP through rkproxy");
        int blpopWarmup = kafka.records() / 10;
        metered("BLPOP", kafka.records() + blpopWarmup, () -> consume(round, "rk-kafka", "BLPOP",
                rkproxyConsumer("blpop", kafka.records(), List.of("--group", "benchr" + round,
                        "--warmup-records", Integer.toString(blpopWarmup)))));
    }

    @Override
    public List<TableRow> rows() {
        Column directConsumer = new Column("kafka-consumer", "consume");
        List<TableRow> rows = new ArrayList<>(List.of(
                new TableRow("kafka " + KPUSH, new Column("kafka-producer", KPUSH), Column.NONE,
                        new Column("rk-kafka", KPUSH), Rule.PRODUCER),
                new TableRow("kafka " + kpop, directConsumer, Column.NONE, new Column("rk-kafka", kpop),
                        Rule.CONSUMER)));
        if (kafka.kpopCount() > 1) {
            rows.add(new TableRow("kafka " + KPOP_SINGLE, directConsumer, Column.NONE,
                    new Column("rk-kafka", KPOP_SINGLE), Rule.NONE));
        }
        rows.add(new TableRow("kafka BLPOP", directConsumer, Column.NONE, new Column("rk-kafka", "BLPOP"),
                Rule.NONE));
        return rows;
    }

    @Override
    public List<Report.CpuRow> cpuRows() {
        List<String> labels = kafka.kpopCount() > 1 ? List.of(KPUSH, kpop, KPOP_SINGLE, "BLPOP")
                : List.of(KPUSH, kpop, "BLPOP");
        return labels.stream().map(label -> new Report.CpuRow("kafka " + label, null, null,
                ctx.results().cpu("rk-kafka", label))).toList();
    }

    @Override
    public String legend() {
        return "kafka rows: records/s through rkproxy's kafka pool on one local KRaft broker, topic of "
                + kafka.partitions() + " partition(s), " + kafka.valueSize() + "-byte values. KPUSH -P16:"
                + " redis-benchmark -c " + ctx.config().clients() + " -P 16 -n " + kafka.records() + " KPUSH (replies"
                + " after acks=all) vs 'direct', one kafka-clients producer (acks=all) sending as many records"
                + " asynchronously, timed to the last ack. " + kpop + " (KPOP COUNT " + kafka.kpopCount() + ", "
                + kafka.records() + " records), " + KPOP_SINGLE + " (KPOP, one record each, " + kafka.kpopRecords()
                + " records) and BLPOP (" + kafka.records() + " records, each acked with RPUSH acks): "
                + kafka.connections() + " connection(s) x " + kafka.pipeline() + " pipelined, nil replies not counted"
                + " (the pool's kpop-prefetch is " + KafkaTargets.kpopPrefetch(kafka) + "); 'direct' is one"
                + " kafka-clients consumer reading " + kafka.records() + " records. Untimed warm-ups: in each direct"
                + " producer and consumer run " + kafka.warmupRecords() + " records, in each BLPOP run "
                + kafka.records() / 10 + ", KPOP none"
                + " (consumers are timed from their first counted record); before round 1 rkproxy got "
                + kafka.rkWarmupRecords() + " KPUSHes and a BLPOP run. p50 only for KPUSH. CPU per record: rkproxy's"
                + " over the whole run, warm-up records and group join included, its JIT compiler threads left out.";
    }

    @Override
    public String targets() {
        return "kafka targets: KPUSH through rkproxy >= 0.5x a kafka-clients producer, " + kpop
                + " >= 0.5x a kafka-clients consumer";
    }

    /**
     * Untimed KPUSHes through rkproxy, in two halves with one BLPOP run between them: BLPOP's first run slows KPUSH
     * down for a while (code they share gets recompiled). On 2 cores KPUSH only settles after ~2.5M records.
     */
    private void warmUp() {
        int total = kafka.rkWarmupRecords();
        if (total == 0) {
            return;
        }
        int half = total / 2;
        int blpopRecords = Math.min(kafka.records(), half);
        Log.info("warming up port " + targets.rkPort() + " (" + total + " KPUSHes, BLPOP of " + blpopRecords
                + " midway)");
        if (half > 0) {
            warmUpKpush(half);
            List<String> blpop = rkproxyConsumer("blpop", blpopRecords, List.of("--group", "benchwarm"));
            ctx.drivers().run("rk-kafka warm-up", KafkaConsumeBench.class, blpop, "records_per_second",
                    ctx.workspace().raw("rk-kafka.warm-up.blpop"), false);
        }
        warmUpKpush(total - half);
    }

    private void warmUpKpush(int records) {
        Path err = ctx.workspace().raw("rk-kafka.warm-up.err");
        if (!ctx.benchmark().run(targets.rkPort(), kpushArgs(records), err)) {
            Log.info("KPUSH warm-up run failed: " + String.join(" ", Log.lastLines(err, 2)));
        }
    }

    private void produce(int round, String logPrefix) {
        Log.info(logPrefix + "kafka-clients producer");
        List<String> args = List.of("--bootstrap", targets.bootstrap(), "--topic", KafkaTargets.TOPIC, "--records",
                Integer.toString(kafka.records()), "--size", Integer.toString(kafka.valueSize()), "--warmup-records",
                Integer.toString(kafka.warmupRecords()));
        ctx.results().recordRun("kafka-producer", KPUSH, ctx.drivers().run("kafka-producer",
                DirectProducerBench.class, args, "records_per_second",
                ctx.workspace().raw("kafka-producer.r" + round + ".KPUSH"), round == 1));
    }

    /**
     * One KPUSH measurement. A run after which the topic did not grow by exactly its requests is not counted:
     * redis-benchmark stops at an error reply, but this also catches records acknowledged and then missing.
     */
    private void kpush(int round, String logPrefix) {
        Log.info(logPrefix + "KPUSH through rkproxy");
        Optional<Long> before = targets.endOffset();
        Optional<Map<String, RedisBenchmark.Figures>> figures = metered(KPUSH, kafka.records(), () ->
                ctx.benchmark().measure("rk-kafka", targets.rkPort(), kpushArgs(kafka.records()),
                        ctx.workspace().raw("rk-kafka.r" + round + ".KPUSH.csv")));
        Optional<Long> after = targets.endOffset();
        Optional<RedisBenchmark.Figures> kpush = figures.flatMap(m -> m.entrySet().stream()
                .filter(e -> e.getKey().startsWith("KPUSH ")).map(Map.Entry::getValue).findFirst());
        if (figures.isEmpty()) {
            ctx.results().failedRun();
        }
        if (kpush.isPresent() && !(before.isPresent() && after.isPresent()
                && after.get() - before.get() == kafka.records())) {
            Log.info("rk-kafka: the topic's end offsets went from " + before.map(String::valueOf).orElse("NA") + " to "
                    + after.map(String::valueOf).orElse("NA") + " during " + kafka.records()
                    + " KPUSHes; run not counted");
            kpush = Optional.empty();
            ctx.results().failedRun();
        }
        ctx.results().record("rk-kafka", KPUSH, kpush.map(RedisBenchmark.Figures::perSecond).orElse(Double.NaN),
                kpush.map(RedisBenchmark.Figures::p50Ms).orElse(Double.NaN));
    }

    private OptionalDouble consume(int round, String name, String label, List<String> args) {
        OptionalDouble perSecond = ctx.drivers().run(name, KafkaConsumeBench.class, args, "records_per_second",
                ctx.workspace().raw(name + ".r" + round + "." + label), round == 1);
        ctx.results().recordRun(name, label, perSecond);
        return perSecond;
    }

    /** Runs {@code measurement} and records rkproxy's CPU time over it, in us per record, under {@code label}. */
    private <T> T metered(String label, long records, Supplier<T> measurement) {
        OptionalLong before = ctx.cpu().microsOutsideJit(targets.rkPid());
        T result = measurement.get();
        OptionalLong after = ctx.cpu().microsOutsideJit(targets.rkPid());
        ctx.results().recordCpu("rk-kafka", label, before.isPresent() && after.isPresent()
                ? Stats.twoDecimals((after.getAsLong() - before.getAsLong()) / (double) records) : Double.NaN);
        return result;
    }

    /** KafkaConsumeBench through rkproxy: the mode, the records to count, and more arguments. */
    private List<String> rkproxyConsumer(String mode, int records, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--port", Integer.toString(targets.rkPort()),
                "--password", KafkaTargets.PASSWORD, "--records", Integer.toString(records), "--connections",
                Integer.toString(kafka.connections()), "--pipeline", Integer.toString(kafka.pipeline())));
        args.addAll(more);
        return consumerArgs(args);
    }

    /** KafkaConsumeBench's arguments with the topic and a time limit of its own. */
    private List<String> consumerArgs(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--topic", KafkaTargets.TOPIC, "--timeout-seconds", Long.toString(driverTimeoutSeconds())));
        return all;
    }

    private List<String> kpushArgs(int records) {
        return List.of("-a", KafkaTargets.PASSWORD, "-c", Integer.toString(ctx.config().clients()), "-n",
                Integer.toString(records), "-P", "16", "KPUSH", KafkaTargets.TOPIC, value);
    }

    /** A driver's own time limit, under the run's, so it reports how far it got before it would be killed. */
    private long driverTimeoutSeconds() {
        long limit = ctx.config().timeout().toSeconds();
        return limit > 20 ? limit - 10 : limit;
    }
}
