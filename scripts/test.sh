#!/usr/bin/env bash
# The whole test suite with all its set-up, on a fresh machine (what `./apical test` and CI run):
#  1. Debian packages the tests use (socat for the serial-port pair), when running as root;
#  2. a real liblsl for the interop tests (npm package node-lsl@0.1.0, prebuilt/liblsl64.so, under target/);
#  3. every dependency and Maven plugin downloaded while the network is there;
#  4. the tests, inside a private network namespace with only loopback up when we can make one
#     (root + unshare), so no LSL packet can leave the machine even by mistake.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
: "${JAVA_HOME:?run through ./apical test, which finds a JDK 25}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=""
  command -v socat >/dev/null || missing="$missing socat"
  command -v ip >/dev/null || missing="$missing iproute2"
  command -v unshare >/dev/null || missing="$missing util-linux"
  command -v npm >/dev/null || missing="$missing npm"
  command -v g++ >/dev/null || missing="$missing g++"
  if [ -n "$missing" ]; then
    echo "test: installing Debian packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

liblsl="$here/target/liblsl/package/prebuilt/liblsl64.so"
if [ ! -f "$liblsl" ] && command -v npm >/dev/null; then
  echo "test: fetching a real liblsl (npm package node-lsl@0.1.0) for the interop tests"
  mkdir -p "$here/target/liblsl"
  (cd "$here/target/liblsl" && npm pack node-lsl@0.1.0 --silent >/dev/null && tar xzf node-lsl-0.1.0.tgz)
fi
required=false
[ "${CI:-}" = "true" ] && required=true
props=(-Dinterop.required=$required)
[ -f "$liblsl" ] && props+=(-Dliblsl.path="$liblsl")

# Everything Maven needs, downloaded now (the tests may run without a network).
mvn -B -ntp -DskipTests package "${props[@]}" >/dev/null
mvn -B -ntp surefire:test -Dtest=NoSuchTestAnywhere -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true

cmd=(mvn -B -ntp -o verify "${props[@]}" "$@")
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
  echo "test: running inside a private network namespace (loopback only)"
  exec unshare -n bash -c 'ip link set lo up && exec "$@"' _ "${cmd[@]}"
else
  echo "test: not root or no unshare: running in this network namespace (LSL uses machine scope anyway)"
  exec "${cmd[@]}"
fi
