#!/usr/bin/env bash
# Benchmarks rkproxy against direct Redis and twemproxy (nutcracker) in front of the same redis-server.
#
#   scripts/bench.sh                 # full run, about 2-3 minutes on 2 cores
#   BENCH_ROUNDS=1 scripts/bench.sh  # quick run
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
#   BENCH_REBUILD=1          rebuild rkproxy even when proxy-server/target/rkproxy.jar exists
#   BENCH_KEEP=1             keep the temp dir (configs, logs, raw CSV); it is also kept after a failure
#   BENCH_RK_IO_THREADS      when set, adds server.io-threads to rkproxy's config (unset: rkproxy's default)
#   RKPROXY_JAVA_OPTS        JVM options for rkproxy (see scripts/rkproxy)
#
# Method: the machine this was written for has 2 cores, so targets run one after another, never concurrently.
# Each round measures direct, twemproxy and rkproxy in turn, so slow drift (thermal, noisy neighbours) spreads
# over all targets instead of penalising one; the reported figure is the median over rounds (the upper median
# for an even count), which ignores a single disturbed run without rewarding a lucky one as "best" would.
# Targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

requests="${BENCH_REQUESTS:-300000}"
pipeline_requests="${BENCH_PIPELINE_REQUESTS:-2000000}"
clients="${BENCH_CLIENTS:-50}"
rounds="${BENCH_ROUNDS:-3}"
warmup_requests="${BENCH_WARMUP_REQUESTS:-300000}"
bench_timeout="${BENCH_TIMEOUT:-120}"
read -r -a extra_args <<<"${BENCH_ARGS:-}"

nutcracker_bin=""
workdir=""
pids=()
bench_pid=""
failed_runs=0

# Targets in measurement order, with their ports; a later section (cluster, kafka) appends its own.
targets=()
declare -A target_port=()
# Workloads as "label suffix|redis-benchmark args|requests"; each runs every test in $tests, and each
# (test, workload) pair is one row of the table, e.g. "GET -P16".
tests=(SET GET)
workloads=(
  "||$requests"
  " -P16|-P 16|$pipeline_requests"
)
# "target|label" -> space-separated per-round values.
declare -A rps=()
declare -A p50=()

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

build_rkproxy() {
  local jar="$root/proxy-server/target/rkproxy.jar"
  if [[ -f "$jar" && "${BENCH_REBUILD:-0}" != 1 ]]; then
    return
  fi
  command -v mvn >/dev/null || die "$jar is missing and mvn is not installed"
  log "building rkproxy (mvn -B -q -DskipTests package)"
  (cd "$root" && mvn -B -q -DskipTests package) || die "rkproxy build failed"
  [[ -f "$jar" ]] || die "build finished but $jar is missing"
}

start_redis() {
  local port
  port="$(free_port "${BENCH_REDIS_PORT:-7379}")"
  mkdir -p "$workdir/redis"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$workdir/redis" \
    --logfile "$workdir/redis.log" --daemonize no >/dev/null 2>&1 &
  pids+=($!)
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
  wait_for_ping rkproxy "$port" $! "$workdir/rkproxy.log" 60
  targets+=(rkproxy)
  log "rkproxy on 127.0.0.1:$port (io-threads: ${BENCH_RK_IO_THREADS:-default}; JVM options: ${RKPROXY_JAVA_OPTS:-launcher default})"
}

# Untimed traffic so rkproxy is measured after JIT compilation, not during it.
warm_up() {
  local port=$1
  log "warming up port $port ($warmup_requests requests, plus pipelined)"
  run_timed /dev/null /dev/null redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$warmup_requests" \
    -t set,get -q || log "warm-up run failed"
  run_timed /dev/null /dev/null redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" \
    -n "$((warmup_requests * 3))" -P 16 -t set,get -q || log "pipelined warm-up run failed"
}

# Prints the table rows as "label|workload args", in order.
rows() {
  local w suffix args n t
  for w in "${workloads[@]}"; do
    IFS='|' read -r suffix args n <<<"$w"
    for t in "${tests[@]}"; do echo "$t$suffix|$args"; done
  done
}

# One round for one target: runs every workload once and appends rps and p50 latency to the results.
bench_target() {
  local name=$1 port=$2 round=$3 w suffix args n csv t r l test_list
  test_list="$(IFS=,; echo "${tests[*],,}")"
  for w in "${workloads[@]}"; do
    IFS='|' read -r suffix args n <<<"$w"
    csv="$workdir/raw/$name.r$round${suffix// /_}.csv"
    # shellcheck disable=SC2086  # $args is a deliberate word list such as "-P 16"
    if ! run_timed "$csv" "$csv.err" redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$n" $args \
        "${extra_args[@]+"${extra_args[@]}"}" -t "$test_list" --csv; then
      log "$name: redis-benchmark $args failed or timed out (see $csv.err)"
      failed_runs=$((failed_runs + 1))
    fi
    # Through a proxy redis-benchmark cannot read CONFIG; anything else on stderr is worth showing.
    if grep -qiv 'could not fetch server config' "$csv.err"; then
      log "$name: redis-benchmark stderr: $(grep -iv 'could not fetch server config' "$csv.err" | head -n 3 | tr '\n' ' ')"
    fi
    for t in "${tests[@]}"; do
      r="$(awk -F, -v t="\"$t\"" '$1 == t { gsub(/"/, "", $2); print $2 }' "$csv")"
      l="$(awk -F, -v t="\"$t\"" '$1 == t { gsub(/"/, "", $5); print $5 }' "$csv")"
      rps["$name|$t$suffix"]+="${r:-NA} "
      p50["$name|$t$suffix"]+="${l:-NA} "
    done
  done
}

# Median of the numeric words in $1 (upper median for an even count); NA when none.
median() {
  tr ' ' '\n' <<<"$1" | grep -E '^[0-9.]+$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int(NR / 2) + 1]; else print "NA" }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2fx", a / b }'; }

# Prints the table, checks the targets, writes BENCH_OUT; returns 1 when a target is missed.
report() {
  local row label args t d tw rk r_direct r_twem verdict missed=0 lines=() lat
  while IFS='|' read -r label args; do
    d="$(median "${rps["direct|$label"]-}")"
    tw="$(median "${rps["twemproxy|$label"]-}")"
    rk="$(median "${rps["rkproxy|$label"]-}")"
    r_direct="$(ratio "$rk" "$d")"
    r_twem="$(ratio "$rk" "$tw")"
    if [[ -z "$args" ]]; then
      verdict="$(awk -v r="${r_direct%x}" 'BEGIN { print (r != "NA" && r >= 0.9) ? "ok" : "MISS" }') (>=0.9x direct)"
    else
      verdict="$(awk -v r="${r_twem%x}" 'BEGIN { print (r != "NA" && r >= 1.0) ? "ok" : "MISS" }') (>=1.0x twem)"
    fi
    [[ $verdict == ok* ]] || missed=1
    lat=""
    for t in direct twemproxy rkproxy; do lat+="$(median "${p50["$t|$label"]-}")|"; done
    lines+=("$label|$d|$tw|$rk|$r_direct|$r_twem|$verdict|${lat%|}")
  done < <(rows)

  echo
  echo "requests/s, median of $rounds round(s); -c $clients; -n $requests unpipelined, $pipeline_requests with -P 16${BENCH_ARGS:+; extra: $BENCH_ARGS}"
  printf '%-10s %12s %12s %12s %10s %10s  %s\n' workload direct twemproxy rkproxy rk/direct rk/twem target
  for row in "${lines[@]}"; do
    IFS='|' read -r label d tw rk r_direct r_twem verdict _ <<<"$row"
    printf '%-10s %12s %12s %12s %10s %10s  %s\n' "$label" "$d" "$tw" "$rk" "$r_direct" "$r_twem" "$verdict"
  done
  echo
  printf '%-10s %12s %12s %12s\n' 'p50 ms' direct twemproxy rkproxy
  for row in "${lines[@]}"; do
    IFS='|' read -r label _ _ _ _ _ _ d tw rk <<<"$row"
    printf '%-10s %12s %12s %12s\n' "$label" "$d" "$tw" "$rk"
  done
  echo
  echo "targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy: $([[ $missed == 0 ]] && echo met || echo MISSED)"
  echo "per-round requests/s:"
  for t in "${targets[@]}"; do
    while IFS='|' read -r label _; do
      printf '  %-10s %-9s %s\n' "$t" "$label" "${rps["$t|$label"]-}"
    done < <(rows)
  done

  if [[ -n "${BENCH_OUT:-}" ]]; then
    {
      if [[ "$BENCH_OUT" == *.csv ]]; then
        echo "workload,direct_rps,twemproxy_rps,rkproxy_rps,rk_vs_direct,rk_vs_twemproxy,target,direct_p50_ms,twemproxy_p50_ms,rkproxy_p50_ms"
        for row in "${lines[@]}"; do
          IFS='|' read -r label d tw rk r_direct r_twem verdict l1 l2 l3 <<<"$row"
          echo "$label,$d,$tw,$rk,${r_direct%x},${r_twem%x},$verdict,$l1,$l2,$l3"
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
      fi
    } >"$BENCH_OUT"
    log "results written to $BENCH_OUT"
  fi
  return "$missed"
}

# Surfaces rkproxy warnings and errors, which would otherwise hide in its log.
check_rkproxy_log() {
  local n
  n="$(grep -cE 'WARN|ERROR|Exception' "$workdir/rkproxy.log" || true)"
  if [[ "$n" != 0 ]]; then
    log "rkproxy log has $n warning/error line(s), first ones:"
    grep -E 'WARN|ERROR|Exception' "$workdir/rkproxy.log" | head -n 5 >&2
  fi
}

main() {
  [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer"
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
  check_rkproxy_log
  (( failed_runs == 0 )) || log "$failed_runs redis-benchmark run(s) failed; their cells show NA or fewer rounds"

  local rc=0
  report || rc=$?
  log "done in $((SECONDS - started))s"
  if [[ $rc != 0 && "${BENCH_STRICT:-0}" == 1 ]]; then
    exit 1
  fi
}

main "$@"
