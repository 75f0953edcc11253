#!/usr/bin/env bash
# A local stack to try rkproxy on: ZooKeeper, a Kafka KRaft broker with topics, a Redis Cluster of 3 masters and a
# standalone redis-server, each on a port of your choice. Once they run it prints the rkproxy config for them, ready to
# paste (a pool and a tenant for each, and a node's config.zookeeper block), then waits; Ctrl-C (SIGINT) or SIGTERM
# stops everything it started.
#
#   scripts/devstack.sh                      # all four on their default ports: 2181, 9092, 7000-7002, 6379
#   scripts/devstack.sh --zookeeper --kafka=19092 --topic orders:3 --topic audit
#   scripts/devstack.sh --cluster=7100 --redis=6390
#   scripts/devstack.sh --help               # every flag
#
# Flags: --zookeeper[=PORT] --kafka[=PORT] --cluster[=FIRSTPORT] --redis[=PORT] start that part (on its default port
# without =PORT); --topic NAME[:PARTITIONS] (repeatable) is a topic for the broker to create, orders:3 when none is
# named. A taken port stops it before anything starts, naming the flag to change; a Redis Cluster node needs its port
# + 10000 (the cluster bus) free too.
#
# Everything runs from the build: ZooKeeper is curator-test's server inside devstack's JVM, the broker is Maven's
# kafka_2.13 in a child JVM (as in the tests, io.rkproxy.bench.devstack.DevStack in proxy-bench runs the test kit's
# servers). Data lives in temporary directories, with no persistence: a new stack starts empty. redis-server and
# redis-cli come from the system, installed with apt-get when missing and this runs as root. The first run builds
# proxy-bench (mvn -pl proxy-bench -am package); after the last argument, -- passes more arguments to that build
# (such as -o, offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/proxy-bench.sh
source "$root/scripts/lib/proxy-bench.sh"
# shellcheck source=lib/redis.sh
source "$root/scripts/lib/redis.sh"

args=()
maven_args=()
while (($#)); do
  if [[ $1 == -- ]]; then
    shift
    maven_args=("$@")
    break
  fi
  args+=("$1")
  shift
done

# redis-server is needed unless only ZooKeeper and Kafka are named.
needs_redis=1
for arg in "${args[@]+"${args[@]}"}"; do
  case "$arg" in
    --cluster* | --redis*)
      needs_redis=1
      break
      ;;
    --zookeeper* | --kafka*) needs_redis=0 ;;
  esac
done

command -v java >/dev/null || { echo "devstack: java (17+) is required" >&2; exit 1; }
((!needs_redis)) || redis_installed devstack || exit 1
if bench_stale; then
  command -v mvn >/dev/null || { echo "devstack: $bench_jar is missing or outdated and mvn is not installed" >&2; exit 1; }
  echo "devstack: building proxy-bench (mvn -B -q -DskipTests -pl proxy-bench -am package)..." >&2
  bench_build "${maven_args[@]+"${maven_args[@]}"}" >&2 || { echo "devstack: the build failed" >&2; exit 1; }
fi
# The JVM stops what it started in its shutdown hook, which SIGINT and SIGTERM run.
exec java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$bench_classpath" \
  io.rkproxy.bench.devstack.DevStack "${args[@]+"${args[@]}"}"
