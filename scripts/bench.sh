#!/usr/bin/env bash
# Benchmarks rkproxy against direct Redis and twemproxy (nutcracker) in front of the same redis-server, then
# (cluster section) rkproxy with a redis-cluster pool against a real 3-master Redis Cluster, then (Kafka section)
# rkproxy with a kafka pool against kafka-clients on a real single-node KRaft broker.
#
#   scripts/bench.sh                 # full run, about 5-6 minutes on 2 cores (2-3 with only the standalone section)
#   BENCH_ROUNDS=1 scripts/bench.sh  # quick run
#   BENCH_CLUSTER=0 BENCH_KAFKA=0 scripts/bench.sh  # standalone section only
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
#   BENCH_STRICT=1           exit 1 when rkproxy misses a target
#   BENCH_REBUILD=1          rebuild rkproxy (and proxy-bench) even when proxy-server/target/rkproxy.jar exists
#   BENCH_KEEP=1             keep the temp dir (configs, logs, raw CSV); it is also kept after a failure
#   BENCH_RK_IO_THREADS      when set, adds server.io-threads to rkproxy's config (unset: rkproxy's default)
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
#   BENCH_KAFKA_KPOP_RECORDS records per KPOP measurement (default: BENCH_KAFKA_RECORDS / 4, at least 1000)
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
#   kafka KPOP              KafkaConsumeBench: BENCH_KAFKA_CONNECTIONS connections x BENCH_KAFKA_PIPELINE pipelined
#                           KPOP bench, counting non-nil replies (a round of only nils waits 1 ms); the tenant's KPOP
#                           group member on rkproxy carries on from its committed offsets each round. No target.
#   kafka BLPOP             KafkaConsumeBench as rafka clients: each connection CLIENT SETNAME benchrN:i (a new
#                           group per round), pipelined BLPOP topics:bench 1, and RPUSH acks for every record. No
#                           target.
# 'direct' of the KPOP and BLPOP rows is one KafkaConsumer (new group, from the earliest offset) reading
# BENCH_KAFKA_RECORDS records. Consumer figures are timed from the first record counted (after the warm-up), so a
# group join is not in them.
# The drivers are built with the rest (mvn package builds proxy-bench/target/proxy-bench.jar and target/lib).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

requests="${BENCH_REQUESTS:-300000}"
pipeline_requests="${BENCH_PIPELINE_REQUESTS:-2000000}"
clients="${BENCH_CLIENTS:-50}"
rounds="${BENCH_ROUNDS:-3}"
warmup_requests="${BENCH_WARMUP_REQUESTS:-300000}"
bench_timeout="${BENCH_TIMEOUT:-120}"
read -r -a extra_args <<<"${BENCH_ARGS:-}"
cluster="${BENCH_CLUSTER:-1}"
cluster_requests="${BENCH_CLUSTER_REQUESTS:-$((requests < 100000 ? requests : 100000))}"
cluster_pipeline_requests="${BENCH_CLUSTER_PIPELINE_REQUESTS:-$((pipeline_requests < 500000 ? pipeline_requests : 500000))}"
mget_seconds="${BENCH_MGET_SECONDS:-10}"
mget_warmup_seconds="${BENCH_MGET_WARMUP_SECONDS:-3}"
mget_connections="${BENCH_MGET_CONNECTIONS:-4}"
mget_depth="${BENCH_MGET_DEPTH:-16}"
mget_keys="${BENCH_MGET_KEYS:-10}"
kafka="${BENCH_KAFKA:-1}"
kafka_records="${BENCH_KAFKA_RECORDS:-500000}"
kafka_kpop_records="${BENCH_KAFKA_KPOP_RECORDS:-}"  # default set in main, once BENCH_KAFKA_RECORDS is checked
kafka_warmup_records="${BENCH_KAFKA_WARMUP_RECORDS:-1000000}"
kafka_rk_warmup_records="${BENCH_KAFKA_RK_WARMUP_RECORDS:-3000000}"
kafka_value_size="${BENCH_KAFKA_VALUE_SIZE:-100}"
kafka_partitions="${BENCH_KAFKA_PARTITIONS:-4}"
kafka_connections="${BENCH_KAFKA_CONNECTIONS:-4}"
kafka_pipeline="${BENCH_KAFKA_PIPELINE:-16}"
kafka_topic=bench
kafka_password=bench-secret
bench_jar="$root/proxy-bench/target/proxy-bench.jar"
bench_cp="$bench_jar:$root/proxy-bench/target/lib/*"

nutcracker_bin=""
workdir=""
pids=()
bench_pid=""
failed_runs=0
# Set by the Kafka section: the broker's host:port, rkproxy's Kafka instance, the KPUSH value.
kafka_bootstrap=""
rk_kafka_pid=""
kafka_value=""
kpush_cmd=()

# Targets of the standalone section in measurement order, with their ports. Every port this script picks is in
# target_port, also the cluster section's (nodes "cluster1".."cluster3", "master", "rk-cluster") and the Kafka
# section's ("rk-kafka", and "kafka", the broker's, which the broker picks itself).
targets=()
declare -A target_port=()
# Workloads as "label suffix|redis-benchmark args|requests"; each runs every test in $tests, and each
# (test, workload) pair is one row of the table, e.g. "GET -P16".
tests=(SET GET)
workloads=(
  "||$requests"
  " -P16|-P 16|$pipeline_requests"
)
cluster_workloads=(
  "||$cluster_requests"
  " -P16|-P 16|$cluster_pipeline_requests"
)
# redis-benchmark arguments of the cluster section: BENCH_ARGS without -r (see above).
cluster_extra_args=()
# "target|label" -> space-separated per-round values; measured lists the keys in the order first recorded.
declare -A rps=()
declare -A p50=()
# "target|workload suffix" -> per-round CPU microseconds per request of the target's process (standalone section).
declare -A cpu=()
declare -A target_pid=()
measured=()

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local rc=$?
  local pid
  [[ -n "$bench_pid" ]] && { kill -TERM "$bench_pid" 2>/dev/null || true; }
  for pid in "${pids[@]+"${pids[@]}"}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]+"${pids[@]}"}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$workdir" && -d "$workdir" ]]; then
    if [[ ( $rc -ne 0 && $rc -ne 130 && $rc -ne 143 ) || "${BENCH_KEEP:-0}" == 1 ]]; then
      log "logs and configs kept in $workdir"
    else
      rm -rf "$workdir"
    fi
  fi
  exit "$rc"
}

# run_timed OUT ERR CMD...: runs a client command with the time limit, stdout to OUT and stderr to ERR. In the
# background plus wait, so that INT or TERM interrupt the script at once instead of after the command
# finishes; the EXIT trap then stops the command.
run_timed() {
  local out=$1 err=$2 rc=0
  shift 2
  timeout "$bench_timeout" "$@" >"$out" 2>"$err" &
  bench_pid=$!
  wait "$bench_pid" || rc=$?
  bench_pid=""
  return "$rc"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the first free port from $1 on, never 6379/6380 (the quickstart's Redis and rkproxy).
free_port() {
  local p=$1
  for _ in $(seq 200); do
    if [[ $p != 6379 && $p != 6380 ]] && ! port_in_use "$p" && [[ " ${target_port[*]-} " != *" $p "* ]]; then
      echo "$p"
      return
    fi
    p=$((p + 1))
  done
  die "no free port found from $1"
}

# Waits until 127.0.0.1:$2 answers PING, while process $3 is alive; $1 names it, $4 is its log.
wait_for_ping() {
  local name=$1 port=$2 pid=$3 logfile=$4 deadline=$((SECONDS + ${5:-30}))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$name exited during startup (log: $logfile)"
    fi
    if [[ "$(redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null)" == PONG ]]; then
      return
    fi
    sleep 0.2
  done
  tail -n 30 "$logfile" >&2 || true
  die "$name did not answer PING on port $port (log: $logfile)"
}

# A SET and GET round trip, so a broken target fails loudly instead of benchmarking error replies.
check_target() {
  local name=$1 port=$2 value
  redis-cli -h 127.0.0.1 -p "$port" SET bench:probe "$name" >/dev/null
  value="$(redis-cli -h 127.0.0.1 -p "$port" GET bench:probe)"
  [[ "$value" == "$name" ]] || die "$name on port $port: GET bench:probe returned '$value'"
}

# Warns when other work keeps the CPUs busy: on a small machine it shifts every figure, not just one target.
check_idle() {
  [[ -r /proc/stat ]] || return 0
  local a b busy
  a="$(head -n 1 /proc/stat)"
  sleep 1
  b="$(head -n 1 /proc/stat)"
  busy="$(awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y); total = 0
    for (i = 2; i <= n; i++) total += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%d", (total > 0 ? 100 * (total - idle) / total : 0) }')"
  if (( busy > 15 )); then
    log "warning: the CPUs were ${busy}% busy before the benchmark started; expect noisy numbers"
  fi
}

ensure_tools() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-benchmark >/dev/null || missing+=(redis-benchmark)
  command -v redis-cli >/dev/null || missing+=(redis-cli)
  nutcracker_bin="$(command -v nutcracker || true)"
  [[ -z "$nutcracker_bin" && -x /usr/sbin/nutcracker ]] && nutcracker_bin=/usr/sbin/nutcracker
  [[ -n "$nutcracker_bin" ]] || missing+=(nutcracker)
  if (( ${#missing[@]} )); then
    if [[ $EUID -ne 0 ]]; then
      die "missing ${missing[*]}; install with: sudo apt-get install -y redis-server redis-tools nutcracker"
    fi
    log "installing redis-server redis-tools nutcracker (missing: ${missing[*]})"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools nutcracker
    nutcracker_bin="$(command -v nutcracker || echo /usr/sbin/nutcracker)"
  fi
  command -v java >/dev/null || die "java (17+) is required to run rkproxy"
  command -v timeout >/dev/null || die "timeout (coreutils) is required"
}

# Whether proxy-bench's jar and libraries are there, with the Kafka drivers when the Kafka section runs (a jar built
# before they existed lacks them; a jar's central directory names its classes uncompressed).
bench_built() {
  [[ -f "$bench_jar" && -d "$root/proxy-bench/target/lib" ]] || return 1
  [[ $kafka != 1 ]] || { grep -qa 'io/rkproxy/bench/KafkaConsumeBench' "$bench_jar" \
    && compgen -G "$root/proxy-bench/target/lib/kafka_2.13-*.jar" >/dev/null; }
}

# Builds rkproxy (and with it proxy-bench) when its jar is missing or BENCH_REBUILD=1; builds only proxy-bench (and
# proxy-testkit, which it uses) when the cluster or Kafka section needs its drivers and just those are missing.
build_rkproxy() {
  local jar="$root/proxy-server/target/rkproxy.jar" need_bench=0
  [[ ( $cluster == 1 || $kafka == 1 ) ]] && ! bench_built && need_bench=1
  if [[ -f "$jar" && "${BENCH_REBUILD:-0}" != 1 ]]; then
    if [[ $need_bench == 1 ]]; then
      command -v mvn >/dev/null || die "$bench_jar is missing or outdated and mvn is not installed"
      log "building the drivers (mvn -B -q -DskipTests -pl proxy-bench -am package)"
      "$root/scripts/maven" -q -f "$root/pom.xml" -DskipTests -pl proxy-bench -am package || die "proxy-bench build failed"
      bench_built || die "build finished but $bench_jar or its libraries are missing"
    fi
    return
  fi
  command -v mvn >/dev/null || die "$jar is missing and mvn is not installed"
  log "building rkproxy (mvn -B -q -DskipTests package)"
  "$root/scripts/maven" -q -f "$root/pom.xml" -DskipTests package || die "rkproxy build failed"
  [[ -f "$jar" ]] || die "build finished but $jar is missing"
  [[ ( $cluster != 1 && $kafka != 1 ) ]] || bench_built \
    || die "build finished but $bench_jar or its libraries are missing"
}

start_redis() {
  local port
  port="$(free_port "${BENCH_REDIS_PORT:-7379}")"
  mkdir -p "$workdir/redis"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$workdir/redis" \
    --logfile "$workdir/redis.log" --daemonize no >/dev/null 2>&1 &
  pids+=($!)
  target_pid[direct]=$!
  wait_for_ping redis-server "$port" $! "$workdir/redis.log" 10
  target_port[direct]=$port
  targets+=(direct)
  log "redis-server on 127.0.0.1:$port"
}

start_twemproxy() {
  local port stats conf="$workdir/nutcracker.yml"
  port="$(free_port "${BENCH_TWEM_PORT:-7380}")"
  target_port[twemproxy]=$port
  stats="$(free_port "${BENCH_TWEM_STATS_PORT:-7389}")"
  cat >"$conf" <<EOF
bench:
  listen: 127.0.0.1:$port
  redis: true
  hash: fnv1a_64
  distribution: ketama
  timeout: 10000
  preconnect: true
  auto_eject_hosts: false
  server_retry_timeout: 2000
  server_failure_limit: 3
  server_connections: 1
  servers:
    - 127.0.0.1:${target_port[direct]}:1
EOF
  "$nutcracker_bin" -c "$conf" -a 127.0.0.1 -s "$stats" -o "$workdir/nutcracker.log" -v 4 >/dev/null 2>&1 &
  pids+=($!)
  target_pid[twemproxy]=$!
  wait_for_ping twemproxy "$port" $! "$workdir/nutcracker.log" 10
  targets+=(twemproxy)
  log "twemproxy on 127.0.0.1:$port (stats $stats)"
}

start_rkproxy() {
  local port conf="$workdir/rkproxy.yaml"
  port="$(free_port "${BENCH_RK_PORT:-7381}")"
  target_port[rkproxy]=$port
  # The tenant named default without a password admits clients without AUTH, so redis-benchmark needs no -a.
  cat >"$conf" <<EOF
server:
  bind: 127.0.0.1
  port: $port${BENCH_RK_IO_THREADS:+
  io-threads: $BENCH_RK_IO_THREADS}
pools:
  bench:
    type: redis
    nodes: ["127.0.0.1:${target_port[direct]}"]
tenants:
  default:
    pool: bench
    db: 0
EOF
  "$root/scripts/rkproxy" --config "$conf" >"$workdir/rkproxy.log" 2>&1 &
  pids+=($!)
  target_pid[rkproxy]=$!
  wait_for_ping rkproxy "$port" $! "$workdir/rkproxy.log" 60
  targets+=(rkproxy)
  log "rkproxy on 127.0.0.1:$port (io-threads: ${BENCH_RK_IO_THREADS:-default}; JVM options: ${RKPROXY_JAVA_OPTS:-launcher default})"
}

# Untimed traffic so rkproxy is measured after JIT compilation, not during it; $2 overrides the request count.
warm_up() {
  local port=$1 n=${2:-$warmup_requests}
  log "warming up port $port ($n requests, plus pipelined)"
  run_timed /dev/null /dev/null redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$n" \
    -t set,get -q || log "warm-up run failed"
  run_timed /dev/null /dev/null redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" \
    -n "$((n * 3))" -P 16 -t set,get -q || log "pipelined warm-up run failed"
}

# Prints the rows of the workloads array named $1 (default workloads) as "label|workload args", in order.
rows() {
  local -n row_workloads=${1:-workloads}
  local w suffix args n t
  for w in "${row_workloads[@]}"; do
    IFS='|' read -r suffix args n <<<"$w"
    for t in "${tests[@]}"; do echo "$t$suffix|$args"; done
  done
}

# record TARGET LABEL RPS [P50]: appends one round's figures to the results.
record() {
  [[ -n "${rps["$1|$2"]+x}" ]] || measured+=("$1|$2")
  rps["$1|$2"]+="$3 "
  [[ -z "${4-}" ]] || p50["$1|$2"]+="$4 "
}

# CPU microseconds process $1 has used so far (user + system), or NA.
cpu_us() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000000 / hz }' "/proc/$1/stat" 2>/dev/null || echo NA
}

# One round for one target: runs every workload once and appends rps and p50 latency to the results. $4 and $5
# name the workloads and extra-arguments arrays (default workloads and extra_args).
bench_target() {
  local name=$1 port=$2 round=$3 w suffix args n csv t r l test_list pid=${target_pid[$1]-} cpu_before
  local -n bench_workloads=${4:-workloads} bench_args=${5:-extra_args}
  test_list="$(IFS=,; echo "${tests[*],,}")"
  for w in "${bench_workloads[@]}"; do
    IFS='|' read -r suffix args n <<<"$w"
    csv="$workdir/raw/$name.r$round${suffix// /_}.csv"
    [[ -z "$pid" ]] || cpu_before="$(cpu_us "$pid")"
    # shellcheck disable=SC2086  # $args is a deliberate word list such as "-P 16"
    if ! run_timed "$csv" "$csv.err" redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$n" $args \
        "${bench_args[@]+"${bench_args[@]}"}" -t "$test_list" --csv; then
      log "$name: redis-benchmark $args failed or timed out (see $csv.err)"
      failed_runs=$((failed_runs + 1))
    fi
    if [[ -n "$pid" ]]; then
      cpu["$name|$suffix"]+="$(awk -v a="$cpu_before" -v b="$(cpu_us "$pid")" -v n="$((n * ${#tests[@]}))" \
        'BEGIN { if (a == "NA" || b == "NA") print "NA"; else printf "%.2f", (b - a) / n }') "
    fi
    # Through a proxy redis-benchmark cannot read CONFIG; anything else on stderr is worth showing.
    if grep -qiv 'could not fetch server config' "$csv.err"; then
      log "$name: redis-benchmark stderr: $(grep -iv 'could not fetch server config' "$csv.err" | head -n 3 | tr '\n' ' ')"
    fi
    for t in "${tests[@]}"; do
      r="$(awk -F, -v t="\"$t\"" '$1 == t { gsub(/"/, "", $2); print $2 }' "$csv")"
      l="$(awk -F, -v t="\"$t\"" '$1 == t { gsub(/"/, "", $5); print $5 }' "$csv")"
      record "$name" "$t$suffix" "${r:-NA}" "${l:-NA}"
    done
  done
}

# Prints the first port from $1 on that is free together with its cluster bus port ($1 + 10000).
free_cluster_port() {
  local p=$1
  for _ in $(seq 50); do
    p="$(free_port "$p")"
    if ! port_in_use $((p + 10000)); then
      echo "$p"
      return
    fi
    p=$((p + 1))
  done
  die "no free port with a free cluster bus port (+10000) found from $1"
}

# Three cluster-enabled masters, joined with redis-cli --cluster create; sets target_port[cluster1..3] and
# target_port[master], the master that owns redis-benchmark's key key:__rand_int__.
start_cluster() {
  local i port nodes=() info ok slot owner deadline
  for i in 1 2 3; do
    port="$(free_cluster_port "${BENCH_CLUSTER_PORT:-7382}")"
    target_port[cluster$i]=$port
    mkdir -p "$workdir/cluster/$port"
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
      --save '' --appendonly no --dir "$workdir/cluster/$port" --logfile "$workdir/cluster-$port.log" \
      --daemonize no >/dev/null 2>&1 &
    pids+=($!)
    wait_for_ping "cluster node $i" "$port" $! "$workdir/cluster-$port.log" 10
    nodes+=("127.0.0.1:$port")
  done
  if ! run_timed "$workdir/cluster-create.log" "$workdir/cluster-create.err" \
      redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes; then
    tail -n 20 "$workdir/cluster-create.log" "$workdir/cluster-create.err" >&2 || true
    die "redis-cli --cluster create ${nodes[*]} failed"
  fi
  deadline=$((SECONDS + 30))
  while :; do
    ok=0
    for i in 1 2 3; do
      info="$(redis-cli -h 127.0.0.1 -p "${target_port[cluster$i]}" CLUSTER INFO 2>/dev/null || true)"
      [[ "$info" == *cluster_state:ok* ]] && ok=$((ok + 1))
    done
    (( ok == 3 )) && break
    (( SECONDS < deadline )) || die "the cluster did not reach cluster_state:ok on all nodes in 30s (logs: $workdir/cluster-*.log)"
    sleep 0.2
  done
  slot="$(redis-cli -h 127.0.0.1 -p "${target_port[cluster1]}" CLUSTER KEYSLOT 'key:__rand_int__')"
  # CLUSTER NODES: "id ip:port@bus flags master ping pong epoch link slot-or-range...".
  owner="$(redis-cli -h 127.0.0.1 -p "${target_port[cluster1]}" CLUSTER NODES | awk -v s="$slot" '
    $3 ~ /master/ { for (i = 9; i <= NF; i++) {
      if ($i ~ /^\[/) continue
      n = split($i, r, "-"); lo = r[1] + 0; hi = (n > 1 ? r[2] : r[1]) + 0
      if (s + 0 >= lo && s + 0 <= hi) { split($2, a, "[:@]"); print a[2]; exit } } }')"
  [[ -n "$owner" ]] || die "no master of the cluster owns slot $slot (of key:__rand_int__)"
  [[ "$(redis-cli -h 127.0.0.1 -p "$owner" SET 'key:__rand_int__' probe)" == OK ]] \
    || die "SET key:__rand_int__ straight to 127.0.0.1:$owner, the owner of its slot $slot, failed"
  target_port[master]=$owner
  log "Redis Cluster of 3 masters on ${nodes[*]}; key:__rand_int__ is in slot $slot on 127.0.0.1:$owner"
}

# A second rkproxy whose default tenant is on a redis-cluster pool over the cluster, seeded with two masters.
start_rkproxy_cluster() {
  local port conf="$workdir/rkproxy-cluster.yaml"
  port="$(free_port "${BENCH_RK_CLUSTER_PORT:-7385}")"
  target_port[rk-cluster]=$port
  # key-prefix "" leaves keys unchanged, so redis-benchmark's key lands on the master measured directly.
  cat >"$conf" <<EOF
server:
  bind: 127.0.0.1
  port: $port${BENCH_RK_IO_THREADS:+
  io-threads: $BENCH_RK_IO_THREADS}
pools:
  big:
    type: redis-cluster
    nodes: ["127.0.0.1:${target_port[cluster1]}", "127.0.0.1:${target_port[cluster2]}"]
tenants:
  default:
    pool: big
    key-prefix: ""
EOF
  "$root/scripts/rkproxy" --config "$conf" >"$workdir/rkproxy-cluster.log" 2>&1 &
  pids+=($!)
  wait_for_ping "rkproxy (cluster pool)" "$port" $! "$workdir/rkproxy-cluster.log" 60
  check_target rk-cluster "$port"
  log "rkproxy with a redis-cluster pool on 127.0.0.1:$port"
}

# One MGET measurement with proxy-bench's Lettuce driver: $1 target name, $2 driver mode, $3 port, $4 round.
bench_mget() {
  local name=$1 mode=$2 port=$3 round=$4 out="$workdir/raw/$1.r$4.mget" v=""
  # shellcheck disable=SC2086  # BENCH_DRIVER_JAVA_OPTS is a deliberate word list
  if run_timed "$out" "$out.err" java ${BENCH_DRIVER_JAVA_OPTS:-} -cp "$bench_cp" io.rkproxy.bench.MgetBench \
      --mode "$mode" --host 127.0.0.1 --port "$port" --connections "$mget_connections" \
      --pipeline-depth "$mget_depth" --keys "$mget_keys" --warmup-seconds "$mget_warmup_seconds" \
      --duration-seconds "$mget_seconds"; then
    v="$(sed -n 's/^mget_per_second=//p' "$out")"
    (( round > 1 )) || log "$(head -n 1 "$out.err")"
  else
    log "$name: MGET driver failed or timed out: $(tail -n 3 "$out.err" | tr '\n' ' ')(see $out.err)"
    failed_runs=$((failed_runs + 1))
  fi
  record "$name" "MGET$mget_keys" "${v:-NA}"
}

# The cluster section: its own cluster and rkproxy, then rounds of SET/GET (direct to the owning master, then
# through rkproxy) and MGET (Lettuce's cluster client, then Lettuce through rkproxy).
run_cluster() {
  local i=0 round t
  # Without -r every request uses the one key key:__rand_int__, so the master that owns it can be measured alone.
  while (( i < ${#extra_args[@]} )); do
    if [[ "${extra_args[i]}" == -r ]]; then
      log "cluster section: leaving out BENCH_ARGS' -r ${extra_args[i + 1]-}"
      i=$((i + 2))
      continue
    fi
    cluster_extra_args+=("${extra_args[i]}")
    i=$((i + 1))
  done
  start_cluster
  start_rkproxy_cluster
  warm_up "${target_port[rk-cluster]}" "$((warmup_requests / 2))"
  for round in $(seq "$rounds"); do
    for t in master rk-cluster; do
      log "round $round/$rounds: cluster, $t"
      bench_target "$t" "${target_port[$t]}" "$round" cluster_workloads cluster_extra_args
    done
    log "round $round/$rounds: cluster MGET, Lettuce cluster client"
    bench_mget lettuce-cluster cluster "${target_port[cluster1]}" "$round"
    log "round $round/$rounds: cluster MGET, Lettuce through rkproxy"
    bench_mget rk-cluster standalone "${target_port[rk-cluster]}" "$round"
  done
}

# Starts proxy-bench's KafkaBenchBroker, a KRaft broker in a child JVM with the topic, and waits for its address.
# On TERM the driver kills the broker and deletes its data; should this script die without its trap, the driver
# notices that its parent is gone and does the same.
start_kafka() {
  local out="$workdir/kafka-broker.out" err="$workdir/kafka-broker.log" pid deadline=$((SECONDS + 120))
  java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$bench_cp" io.rkproxy.bench.KafkaBenchBroker \
    --topic "$kafka_topic:$kafka_partitions" >"$out" 2>"$err" &
  pid=$!
  pids+=("$pid")
  while ! grep -qs '^bootstrap=' "$out"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$err" >&2 || true
      die "the Kafka broker did not start (log: $err)"
    fi
    (( SECONDS < deadline )) || die "the Kafka broker was not ready within 120s (log: $err)"
    sleep 0.2
  done
  kafka_bootstrap="$(sed -n 's/^bootstrap=//p' "$out")"
  target_port[kafka]=${kafka_bootstrap##*:}
  log "Kafka broker (one KRaft node) on $kafka_bootstrap, topic $kafka_topic with $kafka_partitions partition(s)"
}

# A third rkproxy with a kafka pool on the broker and one kafka-only tenant (so rafka's commands are on).
start_rkproxy_kafka() {
  local port conf="$workdir/rkproxy-kafka.yaml" pid reply
  port="$(free_port "${BENCH_RK_KAFKA_PORT:-7386}")"
  target_port[rk-kafka]=$port
  cat >"$conf" <<EOF
server:
  bind: 127.0.0.1
  port: $port${BENCH_RK_IO_THREADS:+
  io-threads: $BENCH_RK_IO_THREADS}
pools:
  events:
    type: kafka
    bootstrap: "$kafka_bootstrap"
tenants:
  bench:
    password: $kafka_password
    kafka: events
    topics: {$kafka_topic: [produce, consume]}
EOF
  "$root/scripts/rkproxy" --config "$conf" >"$workdir/rkproxy-kafka.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  rk_kafka_pid=$pid
  REDISCLI_AUTH=$kafka_password wait_for_ping "rkproxy (kafka pool)" "$port" "$pid" "$workdir/rkproxy-kafka.log" 60
  # A KPUSH round trip, so a broken pool fails loudly instead of benchmarking error replies.
  reply="$(REDISCLI_AUTH=$kafka_password redis-cli -h 127.0.0.1 -p "$port" KPUSH "$kafka_topic" probe 2>&1 \
    | tr '\n' ' ')"
  [[ "$reply" =~ ^[0-9]+\ [0-9]+\ $ ]] \
    || die "rkproxy (kafka pool) on port $port: KPUSH $kafka_topic probe returned '$reply'"
  log "rkproxy with a kafka pool on 127.0.0.1:$port (tenant bench, kafka only)"
}

# Stops rkproxy's Kafka instance while the broker still runs, so that its consumers commit and leave their groups
# at once, and what it logs on the way out is in its log before check_rkproxy_log reads it.
stop_rkproxy_kafka() {
  [[ -n "$rk_kafka_pid" ]] || return 0
  kill -TERM "$rk_kafka_pid" 2>/dev/null || return 0
  for _ in $(seq 150); do
    kill -0 "$rk_kafka_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$rk_kafka_pid" 2>/dev/null; then
    log "rkproxy (kafka pool) did not stop within 15s of TERM"
  fi
  rk_kafka_pid=""
}

# The sum of the topic's end offsets (KOFFSET topic partition -1 through rkproxy); NA when one cannot be read.
kafka_end_offset() {
  local p v total=0
  for ((p = 0; p < kafka_partitions; p++)); do
    v="$(REDISCLI_AUTH=$kafka_password redis-cli -h 127.0.0.1 -p "${target_port[rk-kafka]}" \
      KOFFSET "$kafka_topic" "$p" -1 2>/dev/null | sed -n 1p)" || true
    [[ "$v" =~ ^[0-9]+$ ]] || { echo NA; return; }
    total=$((total + v))
  done
  echo "$total"
}

# Sets kpush_cmd to redis-benchmark's KPUSH through rkproxy: $1 requests, the rest redis-benchmark's output options.
kpush_command() {
  local n=$1
  shift
  kpush_cmd=(redis-benchmark -h 127.0.0.1 -p "${target_port[rk-kafka]}" -a "$kafka_password" -c "$clients" -n "$n"
    -P 16 "$@" KPUSH "$kafka_topic" "$kafka_value")
}

# One KPUSH measurement for round $1. A run after which the topic did not grow by exactly its requests is not
# counted: redis-benchmark stops at an error reply, but this also catches records acknowledged and then missing.
bench_kpush() {
  local round=$1 csv="$workdir/raw/rk-kafka.r$1.KPUSH.csv" r="" l="" before after
  kpush_command "$kafka_records" --csv
  before="$(kafka_end_offset)"
  if run_timed "$csv" "$csv.err" "${kpush_cmd[@]}"; then
    r="$(awk -F, '$1 ~ /^"KPUSH / { gsub(/"/, "", $2); print $2 }' "$csv")"
    l="$(awk -F, '$1 ~ /^"KPUSH / { gsub(/"/, "", $5); print $5 }' "$csv")"
  else
    log "rk-kafka: redis-benchmark KPUSH failed or timed out:" \
      "$(cat "$csv.err" "$csv" | tail -n 2 | tr '\n' ' ')(see $csv.err)"
    failed_runs=$((failed_runs + 1))
  fi
  if grep -qiv 'could not fetch server config' "$csv.err"; then
    log "rk-kafka: redis-benchmark stderr:" \
      "$(grep -iv 'could not fetch server config' "$csv.err" | head -n 3 | tr '\n' ' ')"
  fi
  after="$(kafka_end_offset)"
  if [[ -n "$r" ]] && [[ "$before" == NA || "$after" == NA || $((after - before)) != "$kafka_records" ]]; then
    log "rk-kafka: the topic's end offsets went from $before to $after during $kafka_records KPUSHes; run not counted"
    r="" l=""
    failed_runs=$((failed_runs + 1))
  fi
  record rk-kafka "KPUSH -P16" "${r:-NA}" "${l:-NA}"
}

# One run of a proxy-bench Kafka driver, recording its records_per_second: $1 target name, $2 row label, $3 round,
# then the driver's class and arguments.
bench_kafka_driver() {
  local name=$1 label=$2 round=$3 class=$4 out v=""
  out="$workdir/raw/$name.r$round.${label%% *}"
  shift 3
  # shellcheck disable=SC2086  # BENCH_DRIVER_JAVA_OPTS is a deliberate word list
  if run_timed "$out" "$out.err" java ${BENCH_DRIVER_JAVA_OPTS:-} -cp "$bench_cp" "$@"; then
    v="$(sed -n 's/^records_per_second=//p' "$out")"
    (( round > 1 )) || log "$(grep "^${class##*.}: " "$out.err" | tail -n 1)"
  else
    log "$name: ${class##*.} failed or timed out: $(tail -n 3 "$out.err" | tr '\n' ' ')(see $out.err)"
    failed_runs=$((failed_runs + 1))
  fi
  record "$name" "$label" "${v:-NA}"
}

# The Kafka section: its own broker and rkproxy, a KPUSH and a BLPOP warm-up, then rounds of producing
# (kafka-clients, then KPUSH through rkproxy) and consuming (kafka-clients, then KPOP and BLPOP through rkproxy), all
# on one topic. Each BLPOP run has a group of its own and reads from the start; its first tenth is untimed, which
# keeps the group's joins and rebalances out of the figure.
run_kafka() {
  local round t order=() warm="$workdir/raw/rk-kafka.warm-up" half=$((kafka_rk_warmup_records / 2)) warm_blpop
  warm_blpop=$((kafka_records < half ? kafka_records : half))  # the topic holds at least half when it runs
  local driver_timeout=$((bench_timeout > 20 ? bench_timeout - 10 : bench_timeout))
  kafka_value="$(printf '%*s' "$kafka_value_size" '' | tr ' ' x)"
  start_kafka
  start_rkproxy_kafka
  if (( kafka_rk_warmup_records > 0 )); then
    # BLPOP's first run slows KPUSH down for a while (code they share gets recompiled), so it goes between two halves.
    log "warming up port ${target_port[rk-kafka]} ($kafka_rk_warmup_records KPUSHes, BLPOP of $warm_blpop midway)"
    if (( half > 0 )); then
      kpush_command "$half" -q
      run_timed /dev/null "$warm.err" "${kpush_cmd[@]}" \
        || log "KPUSH warm-up run failed: $(tail -n 2 "$warm.err" | tr '\n' ' ')"
      # shellcheck disable=SC2086  # BENCH_DRIVER_JAVA_OPTS is a deliberate word list
      run_timed "$warm.blpop" "$warm.blpop.err" java ${BENCH_DRIVER_JAVA_OPTS:-} -cp "$bench_cp" \
        io.rkproxy.bench.KafkaConsumeBench --mode blpop --port "${target_port[rk-kafka]}" \
        --password "$kafka_password" --topic "$kafka_topic" --group benchwarm --records "$warm_blpop" \
        --connections "$kafka_connections" --pipeline "$kafka_pipeline" --timeout-seconds "$driver_timeout" \
        || log "BLPOP warm-up run failed: $(tail -n 2 "$warm.blpop.err" | tr '\n' ' ')"
    fi
    kpush_command "$((kafka_rk_warmup_records - half))" -q
    run_timed /dev/null "$warm.err" "${kpush_cmd[@]}" \
      || log "KPUSH warm-up run failed: $(tail -n 2 "$warm.err" | tr '\n' ' ')"
  fi
  for round in $(seq "$rounds"); do
    # The producer and KPUSH swap places every other round: what follows the previous round's BLPOP runs slower
    # (the broker, or GC there, still busy with it), and this way neither always gets that spot.
    order=(producer kpush)
    (( round % 2 )) || order=(kpush producer)
    for t in "${order[@]}"; do
      if [[ $t == producer ]]; then
        log "round $round/$rounds: kafka, kafka-clients producer"
        bench_kafka_driver kafka-producer "KPUSH -P16" "$round" io.rkproxy.bench.DirectProducerBench \
          --bootstrap "$kafka_bootstrap" --topic "$kafka_topic" --records "$kafka_records" \
          --size "$kafka_value_size" --warmup-records "$kafka_warmup_records"
      else
        log "round $round/$rounds: kafka, KPUSH through rkproxy"
        bench_kpush "$round"
      fi
    done
    log "round $round/$rounds: kafka, kafka-clients consumer"
    bench_kafka_driver kafka-consumer consume "$round" io.rkproxy.bench.KafkaConsumeBench --mode direct \
      --bootstrap "$kafka_bootstrap" --topic "$kafka_topic" --group "bench-direct-r$round" \
      --records "$kafka_records" --warmup-records "$kafka_warmup_records" --timeout-seconds "$driver_timeout"
    log "round $round/$rounds: kafka, KPOP through rkproxy"
    bench_kafka_driver rk-kafka KPOP "$round" io.rkproxy.bench.KafkaConsumeBench --mode kpop \
      --port "${target_port[rk-kafka]}" --password "$kafka_password" --topic "$kafka_topic" \
      --records "$kafka_kpop_records" --connections "$kafka_connections" --pipeline "$kafka_pipeline" \
      --timeout-seconds "$driver_timeout"
    log "round $round/$rounds: kafka, BLPOP through rkproxy"
    bench_kafka_driver rk-kafka BLPOP "$round" io.rkproxy.bench.KafkaConsumeBench --mode blpop \
      --port "${target_port[rk-kafka]}" --password "$kafka_password" --topic "$kafka_topic" --group "benchr$round" \
      --records "$kafka_records" --warmup-records "$((kafka_records / 10))" --connections "$kafka_connections" \
      --pipeline "$kafka_pipeline" --timeout-seconds "$driver_timeout"
  done
  stop_rkproxy_kafka
}

# Median of the numeric words in $1 (upper median for an even count); NA when none.
median() {
  tr ' ' '\n' <<<"$1" | grep -E '^[0-9.]+$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int(NR / 2) + 1]; else print "NA" }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a == "-" || b == "-") print "-"; else if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2fx", a / b }'
}

# meets RATIO MIN: prints ok when the ratio (as "1.23x") is at least MIN, else MISS.
meets() { awk -v r="${1%x}" -v m="$2" 'BEGIN { print (r != "NA" && r != "-" && r >= m) ? "ok" : "MISS" }'; }

# cell ARRAY TARGET LABEL: the median of the target's rounds for the label in rps or p50; "-" when it has none.
# TARGET may be "target>label", for that target's figures under another label (one reference for several rows).
cell() {
  local -n cell_values=$1
  local t=$2 l=$3
  if [[ $t == *'>'* ]]; then
    l=${t#*>}
    t=${t%%>*}
  fi
  if [[ -z "${cell_values["$t|$l"]+x}" ]]; then echo -; else median "${cell_values["$t|$l"]}"; fi
}

# Prints every row of the table as "label|results label|direct column|twemproxy column|rkproxy column|target",
# where a column names the target whose figures it shows (see cell) and target is the rule checked (direct, twem,
# lettuce, kafka, -).
table_rows() {
  local label args
  while IFS='|' read -r label args; do
    echo "$label|$label|direct|twemproxy|rkproxy|$([[ -z "$args" ]] && echo direct || echo twem)"
  done < <(rows workloads)
  if [[ $cluster == 1 ]]; then
    while IFS='|' read -r label args; do
      echo "cluster $label|$label|master|-|rk-cluster|-"
    done < <(rows cluster_workloads)
    echo "cluster MGET$mget_keys|MGET$mget_keys|lettuce-cluster|-|rk-cluster|lettuce"
  fi
  if [[ $kafka == 1 ]]; then
    echo "kafka KPUSH -P16|KPUSH -P16|kafka-producer|-|rk-kafka|kafka"
    echo "kafka KPOP|KPOP|kafka-consumer>consume|-|rk-kafka|-"
    echo "kafka BLPOP|BLPOP|kafka-consumer>consume|-|rk-kafka|-"
  fi
}

# What the cluster rows compare, for under the table.
cluster_legend() {
  echo "cluster rows: rkproxy with a redis-cluster pool over 3 masters; 'direct' is redis-benchmark straight to the" \
    "master that owns key:__rand_int__ (127.0.0.1:${target_port[master]-?}); -n $cluster_requests unpipelined," \
    "$cluster_pipeline_requests with -P 16${cluster_extra_args[*]+; extra: ${cluster_extra_args[*]}}." \
    "cluster MGET$mget_keys: MGETs/s of $mget_keys keys in distinct slots over all masters; 'direct' is Lettuce's" \
    "RedisClusterClient against the cluster, 'rkproxy' Lettuce's RedisClient through rkproxy; $mget_connections" \
    "connection(s) x $mget_depth in flight, ${mget_seconds}s after ${mget_warmup_seconds}s warm-up; no p50."
}

# What the Kafka rows compare, for under the table.
kafka_legend() {
  echo "kafka rows: records/s through rkproxy's kafka pool on one local KRaft broker, topic of $kafka_partitions" \
    "partition(s), $kafka_value_size-byte values. KPUSH -P16: redis-benchmark -c $clients -P 16 -n $kafka_records" \
    "KPUSH (replies after acks=all) vs 'direct', one kafka-clients producer (acks=all) sending as many records" \
    "asynchronously, timed to the last ack. KPOP ($kafka_kpop_records records) and BLPOP ($kafka_records records," \
    "each acked with RPUSH acks): $kafka_connections connection(s) x $kafka_pipeline pipelined, nil replies not" \
    "counted; 'direct' is one kafka-clients consumer reading $kafka_records records. Untimed warm-ups: in each" \
    "direct producer and consumer run $kafka_warmup_records records, in each BLPOP run $((kafka_records / 10))," \
    "KPOP none (consumers are timed from their first counted record); before round 1 rkproxy got" \
    "$kafka_rk_warmup_records KPUSHes and a BLPOP run. p50 only for KPUSH."
}

# CPU per request of each standalone target's own process, medians over the rounds: steadier than requests/s on a
# shared machine, where the load generator and the other targets compete for the same cores.
cpu_table() {
  local w suffix
  echo "CPU us per request of the process itself (redis-server / twemproxy / rkproxy), median of $rounds round(s):"
  for w in "${workloads[@]}"; do
    IFS='|' read -r suffix _ <<<"$w"
    printf '  %-14s %8s %8s %8s\n' "SET+GET$suffix" "$(cell cpu direct "$suffix")" \
      "$(cell cpu twemproxy "$suffix")" "$(cell cpu rkproxy "$suffix")"
  done
}

# Prints the table, checks the targets, writes BENCH_OUT; returns 1 when a target is missed.
report() {
  local row label data dcol tcol rcol rule d tw rk r_direct r_twem verdict missed=0 cluster_missed=0 kafka_missed=0
  local lines=() lat t
  local key f i
  while IFS='|' read -r label data dcol tcol rcol rule; do
    d="$(cell rps "$dcol" "$data")"
    tw="$(cell rps "$tcol" "$data")"
    rk="$(cell rps "$rcol" "$data")"
    r_direct="$(ratio "$rk" "$d")"
    r_twem="$(ratio "$rk" "$tw")"
    case $rule in
      direct) verdict="$(meets "$r_direct" 0.9) (>=0.9x direct)" ;;
      twem) verdict="$(meets "$r_twem" 1.0) (>=1.0x twem)" ;;
      lettuce) verdict="$(meets "$r_direct" 1.0) (>=1.0x lettuce)" ;;
      kafka) verdict="$(meets "$r_direct" 0.5) (>=0.5x producer)" ;;
      *) verdict=- ;;
    esac
    if [[ $verdict == MISS* ]]; then
      case $rule in
        lettuce) cluster_missed=1 ;;
        kafka) kafka_missed=1 ;;
        *) missed=1 ;;
      esac
    fi
    lat=""
    for t in "$dcol" "$tcol" "$rcol"; do lat+="$(cell p50 "$t" "$data")|"; done
    lines+=("$label|$d|$tw|$rk|$r_direct|$r_twem|$verdict|${lat%|}")
  done < <(table_rows)

  echo
  echo "requests/s, median of $rounds round(s); -c $clients; -n $requests unpipelined, $pipeline_requests with -P 16${BENCH_ARGS:+; extra: $BENCH_ARGS}"
  printf '%-17s %12s %12s %12s %10s %10s  %s\n' workload direct twemproxy rkproxy rk/direct rk/twem target
  for row in "${lines[@]}"; do
    IFS='|' read -r label d tw rk r_direct r_twem verdict _ <<<"$row"
    printf '%-17s %12s %12s %12s %10s %10s  %s\n' "$label" "$d" "$tw" "$rk" "$r_direct" "$r_twem" "$verdict"
  done
  echo
  printf '%-17s %12s %12s %12s\n' 'p50 ms' direct twemproxy rkproxy
  for row in "${lines[@]}"; do
    IFS='|' read -r label _ _ _ _ _ _ d tw rk <<<"$row"
    printf '%-17s %12s %12s %12s\n' "$label" "$d" "$tw" "$rk"
  done
  echo
  cpu_table
  echo
  [[ $cluster != 1 ]] || { cluster_legend | fold -s -w 118; echo; }
  [[ $kafka != 1 ]] || { kafka_legend | fold -s -w 118; echo; }
  echo "targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy: $([[ $missed == 0 ]] && echo met || echo MISSED)"
  if [[ $cluster == 1 ]]; then
    echo "cluster target: MGET through rkproxy >= 1.0x Lettuce's cluster client: $([[ $cluster_missed == 0 ]] && echo met || echo MISSED)"
  fi
  if [[ $kafka == 1 ]]; then
    echo "kafka target: KPUSH through rkproxy >= 0.5x a kafka-clients producer:" \
      "$([[ $kafka_missed == 0 ]] && echo met || echo MISSED)"
  fi
  echo "per-round figures (requests/s; MGETs/s for MGET; records/s for kafka):"
  for key in "${measured[@]}"; do
    IFS='|' read -r t label <<<"$key"
    printf '  %-15s %-9s %s\n' "$t" "$label" "${rps["$key"]}"
  done

  if [[ -n "${BENCH_OUT:-}" ]]; then
    {
      if [[ "$BENCH_OUT" == *.csv ]]; then
        # Cluster rows use the same columns (see the legend of the text table); cells with no figure are empty.
        echo "workload,direct_rps,twemproxy_rps,rkproxy_rps,rk_vs_direct,rk_vs_twemproxy,target,direct_p50_ms,twemproxy_p50_ms,rkproxy_p50_ms"
        for row in "${lines[@]}"; do
          IFS='|' read -r -a f <<<"$row"
          for i in "${!f[@]}"; do
            [[ "${f[i]}" != - ]] || f[i]=""
          done
          echo "${f[0]},${f[1]},${f[2]},${f[3]},${f[4]%x},${f[5]%x},${f[6]},${f[7]},${f[8]},${f[9]}"
        done
      else
        echo "Requests/s, median of $rounds round(s); \`-c $clients\`, \`-n $requests\` unpipelined, \`-n $pipeline_requests\` with \`-P 16\`${BENCH_ARGS:+, extra \`$BENCH_ARGS\`}; $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores."
        echo
        echo "| workload | direct | twemproxy | rkproxy | rk/direct | rk/twem | target | p50 ms direct / twem / rk |"
        echo "|---|---:|---:|---:|---:|---:|---|---|"
        for row in "${lines[@]}"; do
          IFS='|' read -r label d tw rk r_direct r_twem verdict l1 l2 l3 <<<"$row"
          echo "| $label | $d | $tw | $rk | $r_direct | $r_twem | $verdict | $l1 / $l2 / $l3 |"
        done
        echo
        echo '```'
        cpu_table
        echo '```'
        if [[ $cluster == 1 ]]; then
          echo
          cluster_legend
        fi
        if [[ $kafka == 1 ]]; then
          echo
          kafka_legend
        fi
      fi
    } >"$BENCH_OUT"
    log "results written to $BENCH_OUT"
  fi
  (( missed == 0 && cluster_missed == 0 && kafka_missed == 0 ))
}

# Surfaces warnings and errors of the rkproxy that logs to $1, which would otherwise hide in its log. INFO lines are
# left out even when they name an exception: kafka-clients logs a routine rebalance at INFO with the name of
# RebalanceInProgressException.
check_rkproxy_log() {
  local n logfile=$1
  [[ -f "$logfile" ]] || return 0
  n="$(grep -E 'WARN|ERROR|Exception' "$logfile" | grep -cvE '^[^ ]+ +(INFO|DEBUG|TRACE) ' || true)"
  if [[ "$n" != 0 ]]; then
    log "$(basename "$logfile" .log) log has $n warning/error line(s), first ones:"
    grep -E 'WARN|ERROR|Exception' "$logfile" | grep -vE '^[^ ]+ +(INFO|DEBUG|TRACE) ' | head -n 5 >&2
  fi
}

main() {
  [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
  [[ "$cluster" == 0 || "$cluster" == 1 ]] || die "BENCH_CLUSTER must be 0 or 1"
  local v
  for v in "$cluster_requests" "$cluster_pipeline_requests" "$mget_seconds" "$mget_connections" "$mget_depth" \
      "$mget_keys"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "the cluster section's counts must be positive integers (got '$v')"
  done
  [[ "$mget_warmup_seconds" =~ ^[0-9]+$ ]] || die "BENCH_MGET_WARMUP_SECONDS must be a non-negative integer"
  [[ "$kafka" == 0 || "$kafka" == 1 ]] || die "BENCH_KAFKA must be 0 or 1"
  [[ "$kafka_records" =~ ^[1-9][0-9]*$ ]] || die "BENCH_KAFKA_RECORDS must be a positive integer"
  : "${kafka_kpop_records:=$((kafka_records / 4 > 1000 ? kafka_records / 4 : 1000))}"
  for v in "$kafka_kpop_records" "$kafka_value_size" "$kafka_partitions" "$kafka_connections" "$kafka_pipeline"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "the Kafka section's counts and sizes must be positive integers (got '$v')"
  done
  [[ "$kafka_warmup_records" =~ ^[0-9]+$ ]] || die "BENCH_KAFKA_WARMUP_RECORDS must be a non-negative integer"
  [[ "$kafka_rk_warmup_records" =~ ^[0-9]+$ ]] || die "BENCH_KAFKA_RK_WARMUP_RECORDS must be a non-negative integer"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ensure_tools
  build_rkproxy
  check_idle
  workdir="$(mktemp -d "${TMPDIR:-/tmp}/rkproxy-bench.XXXXXX")"
  mkdir -p "$workdir/raw"
  local started=$SECONDS
  start_redis
  start_twemproxy
  start_rkproxy
  local t
  for t in "${targets[@]}"; do check_target "$t" "${target_port[$t]}"; done
  warm_up "${target_port[rkproxy]}"

  local round
  for round in $(seq "$rounds"); do
    for t in "${targets[@]}"; do
      log "round $round/$rounds: $t"
      bench_target "$t" "${target_port[$t]}" "$round"
    done
  done
  [[ $cluster != 1 ]] || run_cluster
  [[ $kafka != 1 ]] || run_kafka
  check_rkproxy_log "$workdir/rkproxy.log"
  check_rkproxy_log "$workdir/rkproxy-cluster.log"
  check_rkproxy_log "$workdir/rkproxy-kafka.log"
  (( failed_runs == 0 )) || log "$failed_runs benchmark run(s) failed; their cells show NA or fewer rounds"

  local rc=0
  report || rc=$?
  log "done in $((SECONDS - started))s"
  if [[ $rc != 0 && "${BENCH_STRICT:-0}" == 1 ]]; then
    exit 1
  fi
}

main "$@"
