#!/usr/bin/env bash
# The README's second command: runs every test against real processes (redis-server and Redis Clusters, a Kafka
# broker from Maven's kafka_2.13 jars, ZooKeeper in the test JVM, headless Chromium for the console).
#
# Everything the tests and scripts/bench.sh start or call from the system is listed once, below. Missing ones are
# installed with apt-get when this runs as root; otherwise the script names each missing one, with the command
# that installs it, and stops before Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Debian package, then the check that it is there, and what needs it.
requirements=(
  "redis-server|type -P redis-server|the tests start redis-server processes and clusters"
  "redis-tools|type -P redis-cli && type -P redis-benchmark|redis-cli --cluster create; scripts/bench.sh"
  "procps|type -P kill|tests pause and stop redis-server with kill -STOP/-CONT/-KILL"
  "chromium|test -x /usr/bin/chromium|the console test drives a headless browser"
  "chromium-driver|test -x /usr/bin/chromedriver|the console test drives a headless browser"
  "python3-prometheus-client|/usr/bin/python3 -c 'import prometheus_client'|/metrics is checked with Prometheus's own parser"
  "nutcracker|test -x /usr/sbin/nutcracker|scripts/bench.sh compares rkproxy with twemproxy"
  "openssl|type -P openssl|the TLS tests make their certificates with the openssl command line"
)

missing() {
  local entry package check
  for entry in "${requirements[@]}"; do
    IFS='|' read -r package check _ <<<"$entry"
    bash -c "$check" >/dev/null 2>&1 || echo "$package"
  done
}

mapfile -t absent < <(missing)
if ((${#absent[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test: installing ${absent[*]} with apt-get..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${absent[@]}" >/dev/null
    mapfile -t absent < <(missing)
  fi
  if ((${#absent[@]})); then
    echo "test: missing what the tests need; install it, then run this again:" >&2
    for entry in "${requirements[@]}"; do
      IFS='|' read -r package _ why <<<"$entry"
      if [[ " ${absent[*]} " == *" $package "* ]]; then
        echo "  $package ($why): sudo apt-get install $package" >&2
      fi
    done
    exit 1
  fi
fi

exec "$root/scripts/maven" verify "$@"
