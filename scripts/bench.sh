#!/usr/bin/env bash
# Benchmarks rkproxy against direct Redis and twemproxy (nutcracker) in front of the same redis-server, then
# (cluster section) rkproxy with a redis-cluster pool against a real 3-master Redis Cluster, then (Kafka section)
# rkproxy with a kafka pool against kafka-clients on a real single-node KRaft broker, then (Streams section) a queue
# on Redis Streams through rkproxy against Lettuce on the same redis-server.
#
#   scripts/bench.sh                 # full run, about 5-6 minutes on 2 cores (2-3 with only the standalone section)
#   BENCH_ROUNDS=1 scripts/bench.sh  # quick run
#   BENCH_CLUSTER=0 BENCH_KAFKA=0 scripts/bench.sh  # standalone section only
#   scripts/bench.sh --profile       # also rkproxy's allocations per GET (JFR), see below
#   scripts/bench.sh --compare a.json b.json  # two runs' JSON files side by side, with the change in percent
#
# This script only installs what is missing (as root, with apt-get), builds what is missing or stale, and runs the
# benchmark itself, io.rkproxy.bench.Bench in proxy-bench, passing its arguments and environment through.
#
# Environment:
#   BENCH_REQUESTS           requests per unpipelined test (default 300000)
#   BENCH_PIPELINE_REQUESTS  requests per -P 16 test (default 2000000)
#   BENCH_CLIENTS            redis-benchmark -c (default 50)
#   BENCH_ROUNDS             rounds per measurement (default 3); the table shows the median
#   BENCH_WARMUP_REQUESTS    untimed requests sent through rkproxy first, for the JIT (default 300000)
#   BENCH_ARGS               extra redis-benchmark arguments, e.g. "-d 100 -r 100000"
#   BENCH_TIMEOUT            seconds one redis-benchmark run may take before it counts as failed (default 120)
#   BENCH_REDIS_PORT, BENCH_TWEM_PORT, BENCH_RK_PORT, BENCH_TWEM_STATS_PORT
#                            preferred ports (default 7379, 7380, 7381, 7389); a taken one moves to the next free
#                            port, and 6379/6380 are never used
#   BENCH_OUT                also write the results to this file: CSV if it ends in .csv, else markdown
#   BENCH_JSON               where to write the run's figures as JSON (default bench-results/bench-<UTC time>.json
#                            in the repository): time, commit, cores, parameters, and per row each target's median and
#                            rounds, the ratios, the verdict; CPU per request per process; the profile
#   BENCH_COMPARE="a b"      as --compare a b: print two JSON files side by side instead of running
#   BENCH_PROFILE=1          as --profile: after the standalone rounds, one more unpipelined GET run through rkproxy
#                            (-n BENCH_REQUESTS, not in the table) while JFR records rkproxy's allocations (jcmd
#                            JFR.start/JFR.stop); prints bytes and objects allocated per GET and the top 15 allocation
#                            sites under io.rkproxy frames, also in the JSON; the recording is kept beside the JSON
#                            file (.jfr). Bytes come from jdk.ObjectAllocationSample weights (checked against the
#                            threads' exact allocation counters), objects are estimated from the TLAB events.
#   BENCH_HOTKEYS=0          skip the hot-keys row (default 1: run it): GET -P 16 over 100000 random keys, -n half of
#                            BENCH_PIPELINE_REQUESTS, through two rkproxy instances alike but for server.hot-keys
#                            (on, the default, against off), in turn each round; reported as the ratio on/off
#   BENCH_STRICT=1           exit 1 when rkproxy misses a target
#   BENCH_TLS=1              also run the TLS section after the standalone one: one rkproxy (its own redis-server,
#                            ports from 7390) measured on its plain port and on its TLS port (redis-benchmark --tls,
#                            a certificate made with the openssl command line), unpipelined and -P 16; the ratio
#                            column is TLS against plain
#   BENCH_REBUILD=1          rebuild rkproxy (and proxy-bench) even when proxy-server/target/rkproxy.jar exists;
#                            proxy-bench alone is rebuilt whenever its sources are newer than its jar
#   BENCH_KEEP=1             keep the temp dir (configs, logs, raw CSV); it is also kept after a failure
#   BENCH_RK_IO_THREADS      rkproxy's server.io-threads (default 1, as twemproxy has one thread; it leaves the other
#                            core to redis-server and redis-benchmark); 0 is rkproxy's own default, a loop per core
#   RKPROXY_JAVA_OPTS        JVM options for rkproxy (see scripts/rkproxy)
# Cluster section:
#   BENCH_CLUSTER=0          skip the cluster section (default 1: run it)
#   BENCH_CLUSTER_REQUESTS   requests per unpipelined cluster test (default: BENCH_REQUESTS, at most 100000)
#   BENCH_CLUSTER_PIPELINE_REQUESTS
#                            requests per -P 16 cluster test (default: BENCH_PIPELINE_REQUESTS, at most 500000)
#   BENCH_MGET_SECONDS       measured seconds per MGET run (default 10)
#   BENCH_MGET_WARMUP_SECONDS  untimed seconds before each MGET measurement, in the same driver run (default 3)
#   BENCH_MGET_CONNECTIONS   driver connections (default 4)
#   BENCH_MGET_DEPTH         MGETs in flight per driver connection (default 16)
#   BENCH_MGET_KEYS          keys per MGET (default 10), each in its own slot, spread over all masters
#   BENCH_CLUSTER_PORT, BENCH_RK_CLUSTER_PORT
#                            preferred ports of the first cluster node and of rkproxy's cluster instance (default
#                            7382, 7385); a node also needs its port + 10000 (cluster bus) free
#   BENCH_DRIVER_JAVA_OPTS   JVM options for the proxy-bench drivers: MGET here, producer and consumers in the Kafka
#                            section (default: the JVM's defaults)
# Kafka section:
#   BENCH_KAFKA=0            skip the Kafka section (default 1: run it)
#   BENCH_KAFKA_RECORDS      records per KPUSH, direct producer, direct consumer and BLPOP measurement (default 500000)
#   BENCH_KAFKA_KPOP_RECORDS records per one-record KPOP measurement, row "KPOP x1" (default: BENCH_KAFKA_RECORDS / 4,
#                            at least 1000)
#   BENCH_KAFKA_KPOP_COUNT   n of the batched row's KPOP bench COUNT n, row "KPOP x<n>", over BENCH_KAFKA_RECORDS
#                            records (default 100; 1 leaves only the one-record row); the pool's kpop-prefetch is 50 n
#   BENCH_KAFKA_WARMUP_RECORDS
#                            untimed records sent or consumed first in every run of the direct producer and of the
#                            direct consumer, in the same JVM (default 1000000), as each run starts a cold JVM
#   BENCH_KAFKA_RK_WARMUP_RECORDS
#                            untimed KPUSHes through rkproxy before the first round (default 3000000), with one
#                            untimed BLPOP run of up to BENCH_KAFKA_RECORDS midway; 0 skips both. On 2 cores KPUSH
#                            through rkproxy runs at ~100k/s over the first 500k records and only settles at ~430k/s
#                            after ~2.5M (the JIT compiler threads get little CPU while the load runs)
#   BENCH_KAFKA_VALUE_SIZE   bytes per record (default 100)
#   BENCH_KAFKA_PARTITIONS   partitions of the topic (default 4)
#   BENCH_KAFKA_CONNECTIONS  KPOP and BLPOP driver connections (default 4: one BLPOP consumer per partition)
#   BENCH_KAFKA_PIPELINE     KPOPs or BLPOPs in flight per driver connection (default 16)
#   BENCH_RK_KAFKA_PORT      preferred port of rkproxy's Kafka instance (default 7386); the broker takes free ports
# Streams section (a queue on Redis Streams: KPUSH and KPOP through rkproxy against Lettuce's XADD and
# XREADGROUP + XACK on the same redis-server; about 20 s for 3 rounds):
#   BENCH_STREAMS=0          skip the Streams section (default 1: run it)
#   BENCH_STREAMS_RECORDS    records per KPUSH, XADD, KPOP and XREADGROUP measurement (default 50000)
#   BENCH_STREAMS_REDIS_PORT, BENCH_RK_STREAMS_PORT
#                            preferred ports of its redis-server and rkproxy (default 7387, 7388)
#
# Method: the machine this was written for has 2 cores, so targets run one after another, never concurrently.
# Each round measures direct, twemproxy and rkproxy in turn, so slow drift (thermal, noisy neighbours) spreads
# over all targets instead of penalising one; the reported figure is the median over rounds (the upper median
# for an even count), which ignores a single disturbed run without rewarding a lucky one as "best" would.
# Targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy.
# Under the table: CPU microseconds per request of each standalone target's own process (from /proc/<pid>/stat,
# around each redis-benchmark run), which is steadier than requests/s on a shared machine.
#
# Cluster section: three redis-server masters with cluster-enabled (no replicas, no persistence) on free ports,
# and a second rkproxy whose only tenant, default, sits on a redis-cluster pool seeded with two of the masters
# and key-prefix "" (keys go to the cluster unchanged). Its rows, medians over the same rounds:
#   cluster SET/GET [-P16]  redis-benchmark through rkproxy vs straight to the master that owns slot of
#                           key:__rand_int__ (redis-benchmark's key without -r; -r is dropped from BENCH_ARGS here,
#                           since random keys sent straight to one master would mostly get MOVED); no target.
#   cluster MGET<n>         MGETs/s of BENCH_MGET_KEYS keys in distinct slots over all masters, driven by
#                           proxy-bench's MgetBench (Lettuce, async, bounded in flight): "direct" is Lettuce's
#                           RedisClusterClient against the cluster (its MGET splits by slot and merges), "rkproxy" is
#                           Lettuce's RedisClient through rkproxy, with the same keys and concurrency.
#                           Target: rkproxy >= 1.0x the Lettuce cluster client.
#
# Kafka section: proxy-bench's KafkaBenchBroker starts one KRaft broker (the testkit's KafkaBroker: kafka_2.13
# from proxy-bench/target/lib in a child JVM, data in a temp dir) with the topic bench, and a third rkproxy has a
# kafka pool on it and one kafka-only tenant, bench (password bench-secret, so rafka's commands are on). Rows, in
# records/s, medians over the same rounds; each round runs its measurements one after another on the same topic
# (the producer and KPUSH in turn, their order swapped every other round, then the consumers):
#   kafka KPUSH -P16        redis-benchmark -c BENCH_CLIENTS -P 16 KPUSH bench <value> through rkproxy (each reply
#                           comes after the broker's ack, acks=all) vs DirectProducerBench, one KafkaProducer with
#                           acks=all and otherwise kafka-clients' defaults sending as many records asynchronously, timed
#                           to the last ack. The KPUSHes are checked against the partitions' end offsets.
#                           Target: rkproxy >= 0.5x the producer.
#   kafka KPOP x<n>         KafkaConsumeBench: BENCH_KAFKA_CONNECTIONS connections x BENCH_KAFKA_PIPELINE pipelined
#                           KPOP bench COUNT n, counting the records of non-nil replies (a round of only nils waits
#                           1 ms); the tenant's KPOP group member on rkproxy carries on from its committed offsets
#                           each round. Target: rkproxy >= 0.5x the direct consumer.
#   kafka KPOP x1           the same with one record per KPOP (KPOP bench), over BENCH_KAFKA_KPOP_RECORDS. No target.
#   kafka BLPOP             KafkaConsumeBench as rafka clients: each connection CLIENT SETNAME benchrN:i (a new
#                           group per round), pipelined BLPOP topics:bench 1, and RPUSH acks for every record. No
#                           target.
# 'direct' of the KPOP and BLPOP rows is one KafkaConsumer (new group, from the earliest offset) reading
# BENCH_KAFKA_RECORDS records. Consumer figures are timed from the first record counted (after the warm-up), so a
# group join is not in them.
# The benchmark and its drivers are built with the rest (mvn package builds proxy-bench/target/proxy-bench.jar and
# target/lib).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rk_jar="$root/proxy-server/target/rkproxy.jar"
# shellcheck source=lib/proxy-bench.sh
source "$root/scripts/lib/proxy-bench.sh"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# Comparing two JSON files (or printing the usage) needs neither the servers nor rkproxy.
runs_targets=1
[[ -z "${BENCH_COMPARE:-}" ]] || runs_targets=0
for arg in "$@"; do
  [[ $arg != --compare && $arg != --help && $arg != -h ]] || runs_targets=0
done

ensure_tools() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-benchmark >/dev/null || missing+=(redis-benchmark)
  command -v redis-cli >/dev/null || missing+=(redis-cli)
  command -v nutcracker >/dev/null || [[ -x /usr/sbin/nutcracker ]] || missing+=(nutcracker)
  if (( ${#missing[@]} )); then
    if [[ $EUID -ne 0 ]]; then
      die "missing ${missing[*]}; install with: sudo apt-get install -y redis-server redis-tools nutcracker"
    fi
    log "installing redis-server redis-tools nutcracker (missing: ${missing[*]})"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools nutcracker
  fi
}

# Builds everything when rkproxy's jar is missing or BENCH_REBUILD=1, else proxy-bench (and proxy-testkit, which it
# uses) when it is stale.
build() {
  if (( runs_targets )) && [[ ! -f "$rk_jar" || "${BENCH_REBUILD:-0}" == 1 ]]; then
    command -v mvn >/dev/null || die "$rk_jar is missing and mvn is not installed"
    log "building rkproxy (mvn -B -q -DskipTests package)"
    "$root/scripts/maven" -q -f "$root/pom.xml" -DskipTests package || die "rkproxy build failed"
    [[ -f "$rk_jar" ]] || die "build finished but $rk_jar is missing"
  elif bench_stale; then
    command -v mvn >/dev/null || die "$bench_jar is missing or outdated and mvn is not installed"
    log "building the benchmark (mvn -B -q -DskipTests -pl proxy-bench -am package)"
    bench_build || die "proxy-bench build failed"
  fi
  [[ -f "$bench_jar" ]] || die "build finished but $bench_jar is missing"
}

command -v java >/dev/null || die "java (17+) is required"
(( ! runs_targets )) || ensure_tools
build
# The benchmark's own JVM mostly waits for its children: a small heap, one GC thread and C1 only leave the cores to
# them.
exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Drkproxy.root="$root" \
  -cp "$bench_classpath" io.rkproxy.bench.Bench "$@"
