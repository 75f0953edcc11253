#!/usr/bin/env bash
# The README's first command: builds rkproxy if needed, makes sure a local Redis answers on 127.0.0.1:6379
# (starting redis-server, installing it with apt-get when missing and running as root), then runs rkproxy on
# 127.0.0.1:6380 with the demo tenants of conf/rkproxy.yaml (console on http://127.0.0.1:8380/), in the foreground.
# Ctrl-C stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
run="$root/run"
mkdir -p "$run"

redis_answers() {
  local reply=""
  { exec 3<>/dev/tcp/127.0.0.1/6379; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

need_build() {
  local jar="proxy-server/target/rkproxy.jar"
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find . -path ./run -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.xml' \) -newer "$jar" \
      -not -path '*/target/*' -print -quit)" ]]
}

if need_build; then
  command -v mvn >/dev/null || { echo "quickstart: Maven (mvn) is needed to build rkproxy" >&2; exit 1; }
  echo "quickstart: building rkproxy (mvn -B -q -DskipTests package)..."
  "$root/scripts/maven" -q -DskipTests package
fi

if redis_answers; then
  echo "quickstart: using the Redis already answering on 127.0.0.1:6379"
else
  if ! command -v redis-server >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "quickstart: installing redis-server with apt-get..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "quickstart: no Redis on 127.0.0.1:6379 and redis-server is not installed;" \
           "install it (sudo apt-get install redis-server) and run this again" >&2
      exit 1
    fi
  fi
  echo "quickstart: starting redis-server on 127.0.0.1:6379 (data and log in $run)"
  redis-server --port 6379 --bind 127.0.0.1 --daemonize yes --dir "$run" --logfile "$run/redis.log" \
      --pidfile "$run/redis.pid" --save '' --appendonly no
  for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "quickstart: redis-server did not come up; see $run/redis.log" >&2; exit 1; }
fi

cat <<'TRY'

rkproxy is starting on 127.0.0.1:6380 with demo tenants (conf/rkproxy.yaml), its console on
http://127.0.0.1:8380/. In another terminal, try:

  redis-cli -p 6380 -a alice-secret --no-auth-warning SET greeting hello
  redis-cli -p 6380 -a alice-secret --no-auth-warning GET greeting
  redis-cli -p 6380 -a bob-secret --no-auth-warning GET greeting     # bob has his own db: (nil)
  redis-cli -p 6380 -a bob-secret --no-auth-warning SET x 1          # bob is read-only: NOPERM
  redis-cli -p 6380 GET greeting                                     # no AUTH: NOAUTH
  redis-cli -p 6380 -a ops-secret --no-auth-warning PROXY TENANTS    # ops is an admin
  curl -s http://127.0.0.1:8380/metrics | head                       # Prometheus metrics

TRY
exec "$root/scripts/rkproxy" --config "$root/conf/rkproxy.yaml"
