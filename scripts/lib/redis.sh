# Sourced by quickstart.sh and devstack.sh: redis_installed NAME makes sure redis-server and redis-cli are there,
# installing Debian's redis-server (which brings redis-tools) with apt-get when they are missing and this runs as root;
# otherwise it says how to install them, prefixed with NAME, and returns 1.
redis_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "$1: installing redis-server with apt-get..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  fi
  echo "$1: redis-server and redis-cli are needed; install them (sudo apt-get install redis-server) and run this" \
       "again" >&2
  return 1
}
