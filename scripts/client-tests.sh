#!/usr/bin/env bash
# Runs a real client library's own integration tests through rkproxy and directly against Redis, as a yardstick of
# how much of the Redis surface a tenant gets (issue 17, item 6). The client is Jedis, at the version rkproxy's own
# tests use; its test classes run unchanged, pointed at five targets in turn, each on fresh servers:
#
#   direct-standalone   one redis-server (requirepass foobared, as Jedis's own test setup)
#   rkproxy-standalone  rkproxy in front of such a server: tenant "jedis" (password foobared) on a shared `redis`
#                       pool, beside a second tenant, "neighbour", in another db
#   rkproxy-dedicated   the same with the tenant alone on a `dedicated: true` pool, which gets the server-wide
#                       commands a shared pool refuses (docs/config.md)
#   direct-cluster      a 3-master Redis Cluster (requirepass cluster), the tests' JedisCluster seeded at its nodes
#   rkproxy-cluster     rkproxy in front of such a cluster: tenant "jedis-cluster" (password cluster, key prefix
#                       "jedis:") on a shared `redis-cluster` pool, beside "cluster-neighbour"; JedisCluster is seeded
#                       at rkproxy, which answers CLUSTER SLOTS/SHARDS as one node owning every slot
#
#   scripts/client-tests.sh                                   # all five targets, about 12 minutes on 2 cores
#   CLIENT_TESTS_TARGETS="rkproxy-standalone" scripts/client-tests.sh
#   CLIENT_TESTS_ONLY='ListCommands|Hashes' scripts/client-tests.sh   # only test classes whose name matches
#
# Prints a table (tests run / passed / failed / skipped, pass rate) and each rkproxy target's failing tests that pass
# directly, and writes all of it, with every target's failing tests and their first error line, to
# bench-results/client-tests-<UTC time>.txt. Exits 0 once every target has run, whatever the tests said.
#
# Where the tests come from. No registry publishes Jedis's tests (Maven Central has no -tests or -test-sources jar
# for any Jedis version, nor for Lettuce; npm's node-redis and ioredis and Debian's python3-redis ship none), so they
# are compiled here from Jedis's source tree at tag v$JEDIS_VERSION: $JEDIS_SRC if set (a checkout or an unpacked
# source archive of that tag), else run/client-tests/jedis-<version>, cloned from $JEDIS_GIT the first time. Their
# classpath (jedis, junit 4, hamcrest, mockito) and the JUnit console launcher come from Maven Central, with Maven.
# Jedis's tests read their server addresses from endpoints.json (REDIS_ENDPOINTS_CONFIG_PATH), which this script
# writes per target; the only source changed is HostAndPorts.java, whose stable-cluster ports 7479-7481 are
# hard-coded: a copy that reads them from system properties is compiled in its place.
#
# Test classes: redis.clients.jedis.commands.jedis.*Test and commands.unified.pooled.*Test for the standalone targets,
# commands.unified.cluster.*Test for the cluster ones, less these, which need more than one server or a setup that
# Jedis's Makefile makes and a tenant cannot have:
#   commands.jedis.Cluster*Test            Jedis's own 6-node cluster on ports 7379-7384, which the tests reshape
#                                          (CLUSTER ADDSLOTS, MEET, FAILOVER)
#   SentinelCommandsTest                   sentinels
#   FailoverCommandsTest                   a primary and its replica
#   MigrateTest                            a second server and an ACL user on both
#   ModuleTest                             a test module built from Jedis's testmodule.c, loaded at start
#   AccessControlListCommandsTest          the ACL users that Jedis's Makefile creates (acljedis), and ACL SETUSER
# A few tests of the classes kept need what is missing here as well (a sentinel in ControlCommandsTest, a server with
# maxmemory-policy allkeys-lfu for standalone7-with-lfu-policy), or a newer Redis than the one installed: they fail
# directly as well, which the table shows as the direct run's failures.
#
# Environment:
#   CLIENT_TESTS_TARGETS   targets to run, in order (default: all five above)
#   CLIENT_TESTS_ONLY      extended regex: only test classes whose simple name matches
#   CLIENT_TESTS_PORT      first port to try (default 17601); taken ports are skipped, a cluster node also needs
#                          its port + 10000 free
#   JEDIS_VERSION          default 5.2.0 (the version in pom.xml)
#   JEDIS_SRC, JEDIS_GIT   see above; JEDIS_GIT defaults to Jedis's public repository
#   CLIENT_TESTS_KEEP=1    keep the servers' and rkproxy's logs and the JUnit XML reports in run/client-tests/last
#   RKPROXY_JAVA_OPTS      JVM options for rkproxy (see scripts/rkproxy)
#   CLIENT_TESTS_CLASS_TIMEOUT  seconds one test class may take before it is killed and listed (default 240)
#
# A real multi-tenant deployment differs in one way that matters here: Jedis's tests log in with AUTH <password>
# only, so each target's tenant is found by its password alone, and its neighbour exists only to check that the
# tests' FLUSHALLs and FLUSHDBs leave another tenant's keys alone (the script checks a key of the neighbour's after
# the run and reports it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rk_jar="$root/proxy-server/target/rkproxy.jar"
work="$root/run/client-tests"
JEDIS_VERSION="${JEDIS_VERSION:-5.2.0}"
JEDIS_GIT="${JEDIS_GIT:-https://github.com/redis/jedis.git}"
targets="${CLIENT_TESTS_TARGETS:-direct-standalone rkproxy-standalone rkproxy-dedicated direct-cluster rkproxy-cluster}"
next_port="${CLIENT_TESTS_PORT:-17601}"

log() { printf '[client-tests] %s\n' "$*" >&2; }
die() { printf '[client-tests] error: %s\n' "$*" >&2; exit 1; }

for tool in java javac mvn redis-server redis-cli; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install -y openjdk-17-jdk-headless maven redis-server redis-tools)"
done

# --- the tests: sources, classpath, compiled classes ---------------------------------------------------------------

jedis_src="${JEDIS_SRC:-$work/jedis-$JEDIS_VERSION}"
if [[ ! -d "$jedis_src/src/test/java" ]]; then
  [[ -z "${JEDIS_SRC:-}" ]] || die "JEDIS_SRC=$JEDIS_SRC has no src/test/java"
  log "cloning Jedis v$JEDIS_VERSION from $JEDIS_GIT into $jedis_src"
  git clone --quiet --depth 1 --branch "v$JEDIS_VERSION" "$JEDIS_GIT" "$jedis_src" \
    || die "could not clone Jedis; set JEDIS_SRC to a Jedis source tree at tag v$JEDIS_VERSION"
fi

lib="$work/lib-$JEDIS_VERSION"
if [[ ! -f "$lib/jedis-$JEDIS_VERSION.jar" ]]; then
  log "resolving the tests' classpath from Maven Central into $lib"
  mkdir -p "$work/classpath"
  cat > "$work/classpath/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.rkproxy.clienttests</groupId>
  <artifactId>jedis-tests-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>redis.clients</groupId><artifactId>jedis</artifactId><version>$JEDIS_VERSION</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version></dependency>
    <dependency><groupId>org.hamcrest</groupId><artifactId>hamcrest</artifactId><version>3.0</version></dependency>
    <dependency><groupId>org.mockito</groupId><artifactId>mockito-inline</artifactId><version>4.11.0</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>org.junit.platform</groupId><artifactId>junit-platform-console-standalone</artifactId><version>1.11.3</version></dependency>
  </dependencies>
</project>
EOF
  "$root/scripts/maven" -q -f "$work/classpath/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" \
    || die "could not resolve the tests' classpath"
fi
launcher="$(ls "$lib"/junit-platform-console-standalone-*.jar)"
classpath="$(ls "$lib"/*.jar | grep -v junit-platform-console-standalone | paste -sd:)"

excluded='^(Cluster[A-Za-z]*CommandsTest|ClusterBinaryValuesCommandsTest|SentinelCommandsTest|FailoverCommandsTest|MigrateTest|ModuleTest|AccessControlListCommandsTest)$'
# Test classes of a suite (standalone or cluster), one source file a line.
test_sources() {
  local base="$jedis_src/src/test/java/redis/clients/jedis/commands" dirs
  if [[ $1 == standalone ]]; then dirs=("$base/jedis" "$base/unified/pooled"); else dirs=("$base/unified/cluster"); fi
  find "${dirs[@]}" -maxdepth 1 -name '*Test.java' | sort | while read -r f; do
    name="$(basename "$f" .java)"
    [[ $1 == cluster || ! $name =~ $excluded ]] || continue
    [[ -z "${CLIENT_TESTS_ONLY:-}" || $name =~ ${CLIENT_TESTS_ONLY} ]] || continue
    echo "$f"
  done
}

classes="$work/classes-$JEDIS_VERSION"
overlay="$work/overlay"
stamp="$classes/.sources"
wanted="$( (test_sources standalone; test_sources cluster) | paste -sd' ')"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  log "compiling Jedis's test classes"
  rm -rf "$classes" "$overlay" && mkdir -p "$classes" "$overlay/redis/clients/jedis"
  sed -E 's/new HostAndPort\("localhost", (748[01]|7479)\)/new HostAndPort("localhost", Integer.getInteger("jedis.stable.cluster.port." + (\1 - 7479), \1))/' \
    "$jedis_src/src/test/java/redis/clients/jedis/HostAndPorts.java" > "$overlay/redis/clients/jedis/HostAndPorts.java"
  grep -q 'jedis.stable.cluster.port' "$overlay/redis/clients/jedis/HostAndPorts.java" \
    || die "HostAndPorts.java of Jedis $JEDIS_VERSION has no stable-cluster ports 7479-7481 to replace"
  # shellcheck disable=SC2086
  javac -nowarn -encoding UTF-8 -proc:none -d "$classes" -cp "$classpath" \
    -sourcepath "$overlay:$jedis_src/src/test/java" "$overlay/redis/clients/jedis/HostAndPorts.java" $wanted \
    2> >(grep -v '^Note:' >&2) || die "compiling Jedis's tests failed"
  echo "$wanted" > "$stamp"
fi

# --- servers --------------------------------------------------------------------------------------------------------

run="$work/last"
rm -rf "$run" && mkdir -p "$run"
pids=()
stop_all() {
  local pid
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all' EXIT

port_taken() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Sets taken to a free port from next_port up (with port + 10000 free too when $1 is "cluster", for the cluster bus).
take_port() {
  while port_taken "$next_port" || { [[ ${1:-} == cluster ]] && port_taken $((next_port + 10000)); }; do
    next_port=$((next_port + 1))
  done
  taken=$next_port
  next_port=$((next_port + 1))
}

wait_for() { # password port: until PING answers PONG, at most 30 s
  local i
  for i in $(seq 300); do
    [[ "$(redis-cli -p "$2" --no-auth-warning -a "$1" ping 2>/dev/null)" == PONG ]] && return 0
    sleep 0.1
  done
  die "nothing answered PING on port $2 within 30 s (logs: $run)"
}

start_redis() { # name port password [extra redis-server args...]
  local name=$1 port=$2 password=$3
  shift 3
  mkdir -p "$run/$name"
  # As Jedis's Makefile sets up its test servers.
  redis-server --port "$port" --bind 127.0.0.1 --requirepass "$password" --masterauth "$password" --save "" \
    --appendonly no --client-output-buffer-limit "pubsub 256k 128k 5" --dir "$run/$name" \
    --logfile "$run/$name/redis.log" "$@" &
  pids+=($!)
  wait_for "$password" "$port"
}

start_cluster() { # name password: three masters; sets cluster_ports
  local name=$1 password=$2 port nodes=()
  cluster_ports=()
  for i in 0 1 2; do
    take_port cluster
    port=$taken
    start_redis "$name-$port" "$port" "$password" --cluster-enabled yes --cluster-config-file nodes.conf
    cluster_ports+=("$port")
    nodes+=("127.0.0.1:$port")
  done
  redis-cli --no-auth-warning -a "$password" --cluster create "${nodes[@]}" --cluster-yes >"$run/$name-create.log" 2>&1 \
    || die "redis-cli --cluster create failed (see $run/$name-create.log)"
  for port in "${cluster_ports[@]}"; do
    for i in $(seq 300); do
      redis-cli -p "$port" --no-auth-warning -a "$password" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
  done
}

start_rkproxy() { # config port
  [[ -f "$rk_jar" ]] || { log "building rkproxy"; "$root/scripts/maven" -q -f "$root/pom.xml" -DskipTests package; }
  "$root/scripts/rkproxy" --config "$1" >"$run/rkproxy-$2.log" 2>&1 &
  pids+=($!)
}

# --- one target -------------------------------------------------------------------------------------------------------

# Runs a suite's classes against the endpoints in $1 (endpoints.json), each class in a JVM of its own with extra JVM
# options, so that a class that hangs (a test without a timeout waiting for a reply that never comes) costs only
# itself: after CLIENT_TESTS_CLASS_TIMEOUT seconds it is killed and listed as timed out. XML reports go under $2.
run_tests() { # endpoints reports suite [java options...]
  local endpoints=$1 reports=$2 suite=$3 f class
  shift 3
  mkdir -p "$reports"
  while read -r f; do
    class="$(sed -E 's#.*/src/test/java/##; s#\.java$##; s#/#.#g' <<<"$f")"
    REDIS_ENDPOINTS_CONFIG_PATH="$endpoints" timeout "${CLIENT_TESTS_CLASS_TIMEOUT:-240}" \
      java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$@" -jar "$launcher" execute --disable-banner \
      --details=none --class-path "$classes:$classpath" --reports-dir "$reports/${class##*.}" --select-class="$class" \
      >"$reports/${class##*.}.out" 2>&1 && continue
    [[ $? != 124 ]] || echo "${class##*.}" >>"$reports/timed-out"
  done < <(test_sources "$suite")
}

endpoints_json() { # file port password
  cat >"$1" <<EOF
{
  "standalone0": {"password": "$3", "tls": false, "endpoints": ["redis://127.0.0.1:$2"]},
  "standalone7-with-lfu-policy": {"password": "$3", "tls": false, "endpoints": ["redis://127.0.0.1:$2"]}
}
EOF
}

rkproxy_config() { # file port pool-yaml tenants-yaml
  cat >"$1" <<EOF
server:
  bind: 127.0.0.1
  port: $2
  io-threads: 1
  # Jedis's test servers run with client-output-buffer-limit pubsub 256k 128k 5, which its tests rely on.
  pubsub-output-buffer-hard-bytes: 262144
  pubsub-output-buffer-soft-bytes: 131072
  pubsub-output-buffer-soft-seconds: 5
pools:
$3
tenants:
$4
EOF
}

neighbour_note=""
run_target() {
  local target=$1 dir="$run/$1" port
  mkdir -p "$dir"
  log "$target: starting"
  case $target in
    direct-standalone)
      take_port
      port=$taken
      start_redis "$target-redis" "$port" foobared
      endpoints_json "$dir/endpoints.json" "$port" foobared
      run_tests "$dir/endpoints.json" "$dir/reports" standalone ;;
    rkproxy-standalone|rkproxy-dedicated)
      local redis_port tenants
      take_port
      redis_port=$taken
      take_port
      port=$taken
      start_redis "$target-redis" "$redis_port" foobared
      tenants="  jedis: {password: foobared, pool: standalone, db: 0}"
      [[ $target == rkproxy-dedicated ]] || tenants+=$'\n'"  neighbour: {password: neighbour-secret, pool: standalone, db: 1}"
      rkproxy_config "$dir/rkproxy.yaml" "$port" "  standalone:
    type: redis
    nodes: [\"127.0.0.1:$redis_port\"]
    password: foobared
    dedicated: $([[ $target == rkproxy-dedicated ]] && echo true || echo false)" "$tenants"
      start_rkproxy "$dir/rkproxy.yaml" "$port"
      wait_for foobared "$port"
      [[ $target == rkproxy-dedicated ]] || redis-cli -p "$port" --no-auth-warning -a neighbour-secret set canary alive >/dev/null
      endpoints_json "$dir/endpoints.json" "$port" foobared
      run_tests "$dir/endpoints.json" "$dir/reports" standalone
      [[ $target == rkproxy-dedicated ]] || neighbour_note+="$target: the neighbour tenant's key after the run: $(redis-cli -p "$port" --no-auth-warning -a neighbour-secret get canary)"$'\n' ;;
    direct-cluster)
      start_cluster "$target" cluster
      endpoints_json "$dir/endpoints.json" "${cluster_ports[0]}" cluster
      run_tests "$dir/endpoints.json" "$dir/reports" cluster \
        -Djedis.stable.cluster.port.0="${cluster_ports[0]}" -Djedis.stable.cluster.port.1="${cluster_ports[1]}" \
        -Djedis.stable.cluster.port.2="${cluster_ports[2]}" ;;
    rkproxy-cluster)
      start_cluster "$target" cluster
      take_port
      port=$taken
      rkproxy_config "$dir/rkproxy.yaml" "$port" "  cluster:
    type: redis-cluster
    nodes: [\"127.0.0.1:${cluster_ports[0]}\"]
    password: cluster" "  jedis-cluster: {password: cluster, pool: cluster, key-prefix: \"jedis:\"}
  cluster-neighbour: {password: neighbour-secret, pool: cluster, key-prefix: \"neighbour:\"}"
      start_rkproxy "$dir/rkproxy.yaml" "$port"
      wait_for cluster "$port"
      redis-cli -p "$port" --no-auth-warning -a neighbour-secret set canary alive >/dev/null
      endpoints_json "$dir/endpoints.json" "$port" cluster
      run_tests "$dir/endpoints.json" "$dir/reports" cluster \
        -Djedis.stable.cluster.port.0="$port" -Djedis.stable.cluster.port.1="$port" -Djedis.stable.cluster.port.2="$port"
      neighbour_note+="$target: the neighbour tenant's key after the run: $(redis-cli -p "$port" --no-auth-warning -a neighbour-secret get canary)"$'\n' ;;
    *) die "unknown target $target (direct-standalone, rkproxy-standalone, rkproxy-dedicated, direct-cluster, rkproxy-cluster)" ;;
  esac
  stop_all
  # One line per test: status, Class#method, and for a failure its exception and the first line of its message.
  awk '
    /<testcase / { match($0, /name="[^"]*"/); n = substr($0, RSTART + 6, RLENGTH - 7)
                   match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12); sub(/.*\./, "", c)
                   status = "passed"; why = "" }
    /^<(failure|error) / { status = "failed"; why = ""
                           if (match($0, /type="[^"]*"/)) { why = substr($0, RSTART + 6, RLENGTH - 7); sub(/.*\./, "", why) }
                           if (match($0, /message="[^"]*"/)) why = why ": " substr($0, RSTART + 9, RLENGTH - 10)
                           else if (match($0, /message="/)) why = why substr($0, RSTART + 9) " ..."
                           gsub(/&lt;/, "<", why); gsub(/&gt;/, ">", why); gsub(/&quot;/, "\"", why)
                           gsub(/&#[0-9]+;/, "?", why); gsub(/&amp;/, "\\&", why); why = substr(why, 1, 200) }
    /^<skipped/ { status = "skipped" }
    /<\/testcase>/ { print status "\t" c "#" n "\t" why }
  ' "$dir"/reports/*/TEST-junit-vintage.xml 2>/dev/null | sort -k2 >"$dir/tests.tsv" || true
  [[ ! -f "$dir/reports/timed-out" ]] || sed 's/.*/timeout\t&#*\tkilled after '"${CLIENT_TESTS_CLASS_TIMEOUT:-240}"' s: its tests are not counted/' \
    "$dir/reports/timed-out" >>"$dir/tests.tsv"
}

for target in $targets; do run_target "$target"; done

# --- the report ---------------------------------------------------------------------------------------------------------

# tests.tsv lines in, one line per test method out: its runs (one per RESP version Jedis tries) and the first reason.
by_method() {
  awk -F'\t' '{ m = $2; sub(/\[[0-9]+\]$/, "", m); if (!(m in n)) { order[++k] = m; why[m] = $3 }; n[m]++ }
    END { for (i = 1; i <= k; i++) printf "  %s x%d  %s\n", order[i], n[order[i]], why[order[i]] }'
}

mkdir -p "$root/bench-results"
out="$root/bench-results/client-tests-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "Jedis $JEDIS_VERSION's own tests, $(redis-server --version | grep -o 'v=[^ ]*'), rkproxy $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%FT%TZ)"
  echo
  printf '%-20s %6s %7s %7s %8s %10s\n' target run passed failed skipped "pass rate"
  for target in $targets; do
    f="$run/$target/tests.tsv"
    [[ -s $f ]] || { printf '%-20s  no results (see %s)\n' "$target" "$run/$target/reports.out"; continue; }
    awk -F'\t' -v t="$target" '{ n[$1]++ } END {
      run = n["passed"] + n["failed"]
      printf "%-20s %6d %7d %7d %8d %9.1f%%\n", t, run, n["passed"], n["failed"], n["skipped"], run ? 100 * n["passed"] / run : 0 }' "$f"
  done
  echo "(run = passed + failed; skipped are the tests whose assumptions did not hold, e.g. a Redis version check)"
  for target in $targets; do
    awk -F'\t' -v t="$target" '$1 == "timeout" { print t ": " $2 " " $3 }' "$run/$target/tests.tsv" 2>/dev/null || true
  done
  echo
  printf '%s' "$neighbour_note"
  for pair in "rkproxy-standalone direct-standalone" "rkproxy-dedicated direct-standalone" \
    "rkproxy-cluster direct-cluster"; do
    read -r proxied direct <<<"$pair"
    [[ -s "$run/$proxied/tests.tsv" && -s "$run/$direct/tests.tsv" ]] || continue
    echo
    echo "$proxied: failing through rkproxy, passing directly ($direct):"
    awk -F'\t' 'NR == FNR { if ($1 == "passed") ok[$2] = 1; next } $1 == "failed" && ok[$2]' \
      "$run/$direct/tests.tsv" "$run/$proxied/tests.tsv" | by_method
    echo "$proxied: passing through rkproxy, failing directly:"
    awk -F'\t' 'NR == FNR { if ($1 == "failed") bad[$2] = 1; next } $1 == "passed" && bad[$2]' \
      "$run/$direct/tests.tsv" "$run/$proxied/tests.tsv" | by_method
  done
  for target in $targets; do
    [[ -s "$run/$target/tests.tsv" ]] || continue
    echo
    echo "$target: every failing test"
    awk -F'\t' '$1 == "failed"' "$run/$target/tests.tsv" | by_method
  done
} >"$out"
sed '/: every failing test$/,$d' "$out"
log "written to $out"
[[ "${CLIENT_TESTS_KEEP:-0}" == 1 ]] || rm -rf "$run"
