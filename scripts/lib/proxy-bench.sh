# Sourced by the scripts that run a main class of proxy-bench (bench.sh, chaos.sh --soak, devstack.sh), with $root
# set to the repository: where its jar and libraries are, whether they need a build, and the build.
bench_jar="$root/proxy-bench/target/proxy-bench.jar"
bench_classpath="$bench_jar:$root/proxy-bench/target/lib/*"

# Whether proxy-bench's jar or libraries are missing, or the jar is older than its sources or the testkit's, which
# its lib/ holds a copy of.
bench_stale() {
  [[ -f "$bench_jar" && -d "$root/proxy-bench/target/lib" ]] || return 0
  [[ -n "$(find "$root/proxy-bench/src/main" "$root/proxy-bench/pom.xml" "$root/proxy-testkit/src/main" \
      "$root/proxy-testkit/pom.xml" "$root/pom.xml" -newer "$bench_jar" -print -quit)" ]]
}

# Builds proxy-bench and the modules it uses (mvn -B -q -DskipTests -pl proxy-bench -am package), passing on any
# more Maven arguments. The jar is touched after, as Maven leaves a jar whose classes did not change as it was, and
# it would look stale for ever.
bench_build() {
  "$root/scripts/maven" -q -f "$root/pom.xml" -DskipTests -pl proxy-bench -am package "$@" && touch "$bench_jar"
}
