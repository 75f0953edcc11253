#!/usr/bin/env bash
# The README's first command: builds rkproxy if needed, makes sure a local Redis answers on 127.0.0.1:6379
# (starting redis-server, installing it with apt-get when missing and running as root), then runs rkproxy on
# 127.0.0.1:6380 with the demo tenants of conf/rkproxy.yaml (console on http://127.0.0.1:8380/), in the foreground.
# Ctrl-C (or SIGTERM) stops rkproxy, and the redis-server if this script started it; a Redis that was answering
# already is left running.
#
# Other ports, from the environment (the defaults are conf/rkproxy.yaml's):
#   RKPROXY_PORT          rkproxy's port (6380)
#   RKPROXY_CONSOLE_PORT  its console's: the web page, the JSON API, /metrics, /health (8380)
#   REDIS_PORT            the Redis it uses, started there when nothing answers (6379)
# e.g. RKPROXY_PORT=7380 RKPROXY_CONSOLE_PORT=7381 REDIS_PORT=7379 scripts/quickstart.sh
# On other ports than the defaults rkproxy runs on run/quickstart.yaml, a copy of conf/rkproxy.yaml with those ports,
# written at every start: edits to conf/rkproxy.yaml then take effect at the next start, not while it runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/redis.sh
source "$root/scripts/lib/redis.sh"
run="$root/run"
mkdir -p "$run"

rk_port="${RKPROXY_PORT:-6380}"
console_port="${RKPROXY_CONSOLE_PORT:-8380}"
redis_port="${REDIS_PORT:-6379}"
for setting in "RKPROXY_PORT=$rk_port" "RKPROXY_CONSOLE_PORT=$console_port" "REDIS_PORT=$redis_port"; do
  port="${setting#*=}"
  if [[ ! $port =~ ^[0-9]{1,5}$ ]] || ((port < 1 || port > 65535)); then
    echo "quickstart: $setting is not a port (1..65535)" >&2
    exit 2
  fi
done

redis_answers() {
  local reply=""
  { exec 3<>"/dev/tcp/127.0.0.1/$redis_port"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

jar="proxy-server/target/rkproxy.jar"

# Whether the jar is missing or older than the main sources or a pom (tests are not in it).
need_build() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit)" ]]
}

# conf/rkproxy.yaml with the ports of the environment, in run/; fails when the file no longer has the three
# settings where this looks for them.
write_config() {
  awk -v rk="$rk_port" -v console="$console_port" -v redis="$redis_port" '
    /^[^ #]/ { section = $1 }
    section == "server:" && /^  port: / { $0 = "  port: " rk; changed++ }
    section == "admin:" && /^  port: / { $0 = "  port: " console; changed++ }
    { changed += gsub(/"127\.0\.0\.1:6379"/, "\"127.0.0.1:" redis "\""); print }
    END { exit changed == 3 ? 0 : 1 }
  ' "$root/conf/rkproxy.yaml" >"$1" || {
    echo "quickstart: conf/rkproxy.yaml no longer has server.port, admin.port and one node \"127.0.0.1:6379\"" \
         "where this script looks for them; run it without RKPROXY_PORT, RKPROXY_CONSOLE_PORT and REDIS_PORT" >&2
    exit 1
  }
}

# Whether process $1 is a redis-server listening on $redis_port: a pid file left behind may name another process.
is_our_redis() {
  local command
  command="$(ps -p "$1" -o args= 2>/dev/null)" || return 1
  [[ "${command%% *}" == *redis-server && "$command" == *":$redis_port"* ]]
}

stop_redis() {
  local pid pidfile="$run/redis-$redis_port.pid"
  pid="$(cat "$pidfile" 2>/dev/null)" || return 0
  rm -f "$pidfile"
  is_our_redis "$pid" || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "quickstart: stopped the redis-server it started on 127.0.0.1:$redis_port"
}

if need_build; then
  command -v mvn >/dev/null || { echo "quickstart: Maven (mvn) is needed to build rkproxy" >&2; exit 1; }
  echo "quickstart: building rkproxy (mvn -B -q -DskipTests package)..."
  "$root/scripts/maven" -q -DskipTests package
  touch "$jar" # Maven leaves a jar whose classes did not change as it was, which would look stale for ever
fi

config="$root/conf/rkproxy.yaml"
if [[ "$rk_port:$console_port:$redis_port" != 6380:8380:6379 ]]; then
  config="$run/quickstart.yaml"
  write_config "$config"
fi

if redis_answers; then
  echo "quickstart: using the Redis already answering on 127.0.0.1:$redis_port"
else
  redis_installed quickstart || exit 1
  echo "quickstart: starting redis-server on 127.0.0.1:$redis_port (data and log in $run)"
  trap stop_redis EXIT
  rm -f "$run/redis-$redis_port.pid" # one from an earlier run would be taken for this one's if it fails to start
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$run" \
      --logfile "$run/redis-$redis_port.log" --pidfile "$run/redis-$redis_port.pid" --save '' --appendonly no
  for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "quickstart: redis-server did not come up; see $run/redis-$redis_port.log" >&2; exit 1; }
fi

cli="redis-cli -p $rk_port"
cat <<TRY

rkproxy is starting on 127.0.0.1:$rk_port with demo tenants ($config), its console on
http://127.0.0.1:$console_port/. In another terminal, try:

  $cli -a alice-secret --no-auth-warning SET greeting hello
  $cli -a alice-secret --no-auth-warning GET greeting
  $cli -a bob-secret --no-auth-warning GET greeting     # bob has his own db: (nil)
  $cli -a bob-secret --no-auth-warning SET x 1          # bob is read-only: NOPERM
  $cli GET greeting                                     # no AUTH: NOAUTH
  $cli -a ops-secret --no-auth-warning PROXY TENANTS    # ops is an admin
  curl -s http://127.0.0.1:$console_port/metrics | head                       # Prometheus metrics

TRY

# rkproxy runs as a child, so that this shell is there to stop the redis-server after it. A child started with & in
# a script ignores SIGINT, so Ctrl-C reaches it as the SIGTERM sent here; a trapped signal ends `wait` early, hence
# the loop until rkproxy has closed. The trap is set before rkproxy starts, so that no signal is lost in between: it
# stops the background job if there is one yet, else this script.
stop_rkproxy() {
  local jobs
  jobs="$(jobs -p)"
  [[ -n "$jobs" ]] || exit "$1"
  kill -TERM $jobs 2>/dev/null || true
}
trap 'stop_rkproxy 130' INT
trap 'stop_rkproxy 143' TERM
"$root/scripts/rkproxy" --config "$config" &
rkproxy=$!
status=0
wait "$rkproxy" || status=$?
while kill -0 "$rkproxy" 2>/dev/null; do
  wait "$rkproxy" || status=$?
done
exit "$status"
