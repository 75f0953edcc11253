#!/usr/bin/env bash
# The README's second command: runs every test against real redis-server processes.
# Installs redis-server with apt-get when it is missing and this runs as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v redis-server >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "test: the tests start real redis-server processes; install redis-server first" >&2
    exit 1
  fi
fi
exec mvn -B verify "$@"
