#!/usr/bin/env bash
# Longer fault runs than the test suite's, gathered into one table; or, with --soak, hours of mixed load with the
# proxy's memory, fds, threads and latency sampled for growth.
#
#   scripts/chaos.sh                   # every fault scenario, each with 60 s of load
#   scripts/chaos.sh --seconds 300     # 5 minutes of load per scenario
#   scripts/chaos.sh --soak 30m        # the soak (see below); also 2h, 90s
#   scripts/chaos.sh ... -- -o         # after --: more Maven arguments (here: offline)
#
# Fault runs: the proxy-server test classes named *FaultsTest, BackendChurnTest and ReloadUnderLoadTest, and
# proxy-client's ProxyNodeCrashTest (a SIGKILL of one of two nodes under the discovery pool), run by
# Maven (through scripts/test.sh, which installs what the tests need) with -Drkproxy.fault.seconds=N, so that each
# scenario's load lasts N seconds, or its own length in the suite when that is longer. Every scenario prints one
# `fault ...` line (proxy-server's FaultRow); surefire keeps test output in
# proxy-server/ and proxy-client/target/surefire-reports/*-output.txt, from which the table is made:
#   ops, ok, errors   requests sent, good replies, error replies
#   error window      from the fault's start to the last error; outside: errors later than 2 s after the fault
#   wrong             replies that were neither the expected value nor an error
#   lost              writes acknowledged with +OK but missing from the backend afterwards
#   hung              clients that got no reply within 15 s
#   recovery          from the fault's end to the first success after it (-1: none came)
# Exits 1 when a test failed, no scenario ran, or any row has wrong, lost or hung above 0.
#
# Soak (--soak DURATION, as 30m, 2h or 90s; at least 1m): io.rkproxy.bench.soak.Soak in proxy-bench starts a
# redis-server, a 3-master Redis Cluster, a Kafka KRaft broker and rkproxy (scripts/rkproxy, its own JVM) with a
# redis, a redis-cluster and a kafka pool, and runs mixed load through it: unpipelined and pipelined SET/GET on both
# redis pools, PUBLISH to two subscribers, KPUSH and KPOP. Every 10 s it prints one sample of the rkproxy process:
# heap after its last GC and direct buffers (over JMX), RSS and threads (/proc/<pid>/status), open fds
# (/proc/<pid>/fd), and the p99 of the load's own round trips in those 10 s. The samples go to
# bench-results/soak-<UTC time>.csv. The verdict compares, over the second half of the run, the median of its first
# 3 samples with the median of its last 3 ("growth"); it is flat when
#   heap after GC grows at most 10% (or 16 MB), direct memory at most 10% (or 16 MB), RSS at most 10%,
#   fds and threads by at most 5, and the last 3 samples' median p99 is at most 3x the median p99 of the run.
# Exits 1 when the run is not flat, a load got errors or wrong replies in more than 0.1% of its requests, or
# rkproxy exited; 2 on bad arguments.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tests='io/rkproxy/server/*FaultsTest,io/rkproxy/server/BackendChurnTest,io/rkproxy/server/ReloadUnderLoadTest'
# The SIGKILL of one of two proxy nodes is proxy-client's: its discovery pool is what carries on.
tests+=',io/rkproxy/client/discovery/ProxyNodeCrashTest'

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
  printf 'chaos: %s\n' "$*" >&2
  exit 2
}

seconds=60
soak=""
maven_args=()
while (($#)); do
  case "$1" in
    --seconds)
      [[ ${2:-} =~ ^[0-9]+$ ]] || die "--seconds needs a whole number of seconds"
      seconds=$2
      shift 2
      ;;
    --soak)
      [[ ${2:-} =~ ^[0-9]+[smh]?$ ]] || die "--soak needs a duration such as 30m, 2h or 90s"
      soak=$2
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      maven_args=("$@")
      break
      ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

if [[ -n $soak ]]; then
  # shellcheck source=lib/proxy-bench.sh
  source "$root/scripts/lib/proxy-bench.sh"
  echo "chaos: building rkproxy and proxy-bench..." >&2
  "$root/scripts/test.sh" -q -DskipTests -pl proxy-server,proxy-bench -am "${maven_args[@]}" >&2
  # The soak's JVM drives the load and attaches to rkproxy's over JMX; rkproxy gets its own JVM from scripts/rkproxy.
  exec java -Xmx512m -Drkproxy.root="$root" \
    -cp "$bench_classpath" io.rkproxy.bench.soak.Soak "$soak"
fi

reports=("$root/proxy-server/target/surefire-reports" "$root/proxy-client/target/surefire-reports")
maven_log="$root/proxy-server/target/chaos-maven.log"
rm -rf "${reports[@]}"
mkdir -p "$(dirname "$maven_log")"
echo "chaos: running the fault scenarios with ${seconds}s of load each (Maven's output: $maven_log)" >&2
"$root/scripts/test.sh" -pl proxy-server,proxy-client -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Drkproxy.fault.seconds="$seconds" "${maven_args[@]}" 2>&1 \
  | tee "$maven_log" | grep --line-buffered -E '^test:|Running io\.rkproxy|Tests run:.*in io\.|FAIL|BUILD' >&2 \
  || true # whether the run failed is read from the log
status=0
grep -q 'BUILD SUCCESS' "$maven_log" || status=1

# One row per `fault ...` line; its format is FaultRow.toString's.
shopt -s nullglob
outputs=()
for dir in "${reports[@]}"; do
  outputs+=("$dir"/*-output.txt)
done
awk -v status="$status" '
  function figure(pattern,   text) {
    if (!match($0, pattern)) return "?"
    text = substr($0, RSTART, RLENGTH)
    sub(/^[a-z-]+=/, "", text)
    sub(/ms$/, "", text)
    return text
  }
  function row(scenario, ops, ok, errors, window, outside, wrong, lost, hung, recovery) {
    printf "%-46s %10s %10s %8s %10s %8s %6s %6s %6s %10s\n", scenario, ops, ok, errors, window, outside, wrong,
      lost, hung, recovery
  }
  BEGIN {
    row("scenario", "ops", "ok", "errors", "err window", "outside", "wrong", "lost", "hung", "recovery")
  }
  /^fault .* ops=[0-9]+ / {
    scenario = substr($0, 7, index($0, " ops=") - 7)
    sub(/ +$/, "", scenario)
    window = figure("window [0-9]+ms")
    sub(/^window /, "", window)
    outside = figure("[0-9]+ outside")
    sub(/ outside$/, "", outside)
    wrong = figure("wrong=[0-9]+")
    lost = figure("lost-acked=[0-9]+")
    hung = figure("hung=[0-9]+")
    row(scenario, figure("ops=[0-9]+"), figure("ok=[0-9]+"), figure("errors=[0-9]+"), window "ms", outside,
      wrong, lost, hung, figure("recovery=-?[0-9]+ms") "ms")
    rows++
    if (wrong != "0" || lost != "0" || hung != "0") harmed++
  }
  END {
    if (rows == 0) print "chaos: no scenario printed a fault line" > "/dev/stderr"
    if (harmed) print "chaos: " harmed " scenario(s) with wrong replies, lost writes or hung clients" > "/dev/stderr"
    if (status != 0) print "chaos: a test failed or the build broke; see the Maven log" > "/dev/stderr"
    exit (rows == 0 || harmed || status != 0) ? 1 : 0
  }
' /dev/null "${outputs[@]}"
