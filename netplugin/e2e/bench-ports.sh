#!/usr/bin/env bash
# Published-port cost, netplugin vs Docker 20.10's bridge driver, same machine, same run, each in a real
# dockerd inside a throwaway netns (fixtures/dockerd).  Usage (root): netplugin/e2e/bench-ports.sh [N]
# N ports (default 1000) for netplugin; Docker's bridge is measured with min(N, 100) ports because each of
# its ports starts two docker-proxy processes (1000 ports: 30.6 s, 6.6 GB RSS measured here before).
set -euo pipefail
N="${1:-1000}"
NB=$(( N < 100 ? N : 100 ))
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D=/usr/bin/docker
JAR="$ROOT/netplugin/target/netplugin.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q -pl netplugin -am package -DskipTests)
SUFFIX="$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')"
NAME="np-bench-$SUFFIX"
SOCK="/run/docker/plugins/$NAME.sock"
STATE="$(mktemp -d /tmp/np-bench-state.XXXXXX)"
PLUGIN_PID=""
eval "$("$ROOT/fixtures/dockerd/start.sh")"
export DOCKER_HOST
cleanup() {
  set +e
  [ -n "$PLUGIN_PID" ] && kill "$PLUGIN_PID" 2>/dev/null && wait "$PLUGIN_PID" 2>/dev/null
  "$ROOT/fixtures/dockerd/stop.sh" "$DND_DIR" >/dev/null 2>&1
  cp "$STATE/plugin.log" /tmp/np-bench-plugin.log 2>/dev/null; rm -rf "$STATE" "$SOCK"
}
trap cleanup EXIT
java -jar "$JAR" serve --name "$NAME" --state "$STATE" --netns "$DND_NETNS" >"$STATE/plugin.log" 2>&1 &
PLUGIN_PID=$!
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
IMG="$("$ROOT/fixtures/dockerd/busybox-image.sh")"
$D network create -d "$NAME" --subnet 172.27.0.0/24 npnet >/dev/null
now() { date +%s.%N; }
proxies() { pgrep -c -f docker-proxy || true; }
run_rm() { # run_rm NETWORK PORTS -> "run_s rm_s proxies"
  local net="$1" ports="$2" last=$((20000 + $2 - 1)) t0 t1 t2 p
  t0=$(now); $D run -d --name "b-$net" --network "$net" -p "20000-$last:20000-$last" "$IMG" sleep 600 >/dev/null
  t1=$(now); p=$(proxies)
  $D rm -f "b-$net" >/dev/null; t2=$(now)
  echo "$(echo "$t1 - $t0" | bc) $(echo "$t2 - $t1" | bc) $p"
}
base() { local t0 t1; t0=$(now); $D run -d --name "z-$1" --network "$1" "$IMG" sleep 600 >/dev/null; t1=$(now)
  $D rm -f "z-$1" >/dev/null; echo "$t1 - $t0" | bc; }
# Warm-up (first container start pays overlay/image costs).
base bridge >/dev/null; base npnet >/dev/null
b0=$(base bridge); n0=$(base npnet)
read -r br_run br_rm br_px < <(run_rm bridge "$NB")
read -r np_run np_rm np_px < <(run_rm npnet "$N")
rss=$(ps -o rss= -p "$PLUGIN_PID")
printf '%-34s %12s %12s %10s\n' "driver, ports" "docker run s" "docker rm s" "proxies"
printf '%-34s %12s %12s %10s\n' "bridge (Docker 20.10), 0" "$b0" "-" 0
printf '%-34s %12s %12s %10s\n' "bridge (Docker 20.10), $NB" "$br_run" "$br_rm" "$br_px"
printf '%-34s %12s %12s %10s\n' "netplugin, 0" "$n0" "-" 0
printf '%-34s %12s %12s %10s\n' "netplugin, $N" "$np_run" "$np_rm" "$np_px"
echo "netplugin RSS after the run: $((rss / 1024)) MiB"
