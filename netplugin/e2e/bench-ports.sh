#!/usr/bin/env bash
# Published-port cost, netplugin vs Docker 20.10's bridge driver, same machine, same run, each in a real
# dockerd inside a throwaway netns (fixtures/dockerd).  Usage (root): netplugin/e2e/bench-ports.sh [N]
# N ports (default 1000) for netplugin; Docker's bridge is measured with min(N, 100) ports because each of
# its ports starts two docker-proxy processes (1000 ports: 30.6 s, 6.6 GB RSS measured here before).
# Each figure is the median of R runs (BENCH_REPS, default 3): single runs vary by +-0.4 s on this machine.
# Also prints the plugin's own ProgramExternalConnectivity / RevokeExternalConnectivity times (its log).
set -euo pipefail
N="${1:-1000}"
R="${BENCH_REPS:-3}"
NB=$(( N < 100 ? N : 100 ))
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D=/usr/bin/docker
JAR="$ROOT/netplugin/target/netplugin.jar"
. "$ROOT/bin/lib/netplugin-jvm.sh"
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
# shellcheck disable=SC2086 # the options are words
java $NETPLUGIN_JAVA_OPTS -jar "$JAR" serve --name "$NAME" --state "$STATE" --netns "$DND_NETNS" >"$STATE/plugin.log" 2>&1 &
PLUGIN_PID=$!
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
IMG="$("$ROOT/fixtures/dockerd/busybox-image.sh")"
$D network create -d "$NAME" --subnet 172.27.0.0/24 npnet >/dev/null
now() { date +%s.%N; }
proxies() { pgrep -c -f docker-proxy || true; }
median() { sort -n | awk '{v[NR]=$1} END {printf "%.2f", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
# measure NETWORK PORTS: R times docker run -d with PORTS published (0: none) then docker rm -f;
# prints "run_median rm_median proxies_seen".
measure() {
  local net="$1" ports="$2" last=$((20000 + $2 - 1)) i t0 t1 t2 p=0 runs="" rms="" args=()
  [ "$ports" -gt 0 ] && args=(-p "20000-$last:20000-$last")
  for i in $(seq 1 "$R"); do
    t0=$(now); $D run -d --name "b-$net-$i" --network "$net" "${args[@]}" "$IMG" sleep 600 >/dev/null
    t1=$(now); p=$(proxies)
    $D rm -f "b-$net-$i" >/dev/null; t2=$(now)
    runs="$runs $(echo "$t1 - $t0" | bc)"; rms="$rms $(echo "$t2 - $t1" | bc)"
  done
  echo "$(echo $runs | tr ' ' '\n' | median) $(echo $rms | tr ' ' '\n' | median) $p"
}
# Warm-up (first container start pays overlay/image costs).
measure bridge 0 >/dev/null; measure npnet 0 >/dev/null
load0=$(cut -d' ' -f1 /proc/loadavg)
read -r b0 b0rm _ < <(measure bridge 0)
read -r br_run br_rm br_px < <(measure bridge "$NB")
read -r n0 n0rm _ < <(measure npnet 0)
mark=$(wc -l <"$STATE/plugin.log")
read -r np_run np_rm np_px < <(measure npnet "$N")
load1=$(cut -d' ' -f1 /proc/loadavg)
call_ms() { tail -n +"$((mark + 1))" "$STATE/plugin.log" | grep -E "^INFO: NetworkDriver\.$1 " | sed -E 's/^[^)]*\) ([0-9]+) ms.*/\1/' | median; }
pec=$(call_ms ProgramExternalConnectivity); rev=$(call_ms RevokeExternalConnectivity)
rss=$(ps -o rss= -p "$PLUGIN_PID")
printf '%-34s %12s %12s %10s\n' "driver, ports" "docker run s" "docker rm s" "proxies"
printf '%-34s %12s %12s %10s\n' "bridge (Docker 20.10), 0" "$b0" "$b0rm" 0
printf '%-34s %12s %12s %10s\n' "bridge (Docker 20.10), $NB" "$br_run" "$br_rm" "$br_px"
printf '%-34s %12s %12s %10s\n' "netplugin, 0" "$n0" "$n0rm" 0
printf '%-34s %12s %12s %10s\n' "netplugin, $N" "$np_run" "$np_rm" "$np_px"
echo "netplugin, $N ports: docker run +$(echo "$np_run - $n0" | bc) s, docker rm +$(echo "$np_rm - $n0rm" | bc) s (medians of $R)"
echo "plugin calls (median of $R): ProgramExternalConnectivity $pec ms, RevokeExternalConnectivity $rev ms"
echo "netplugin RSS after the run: $((rss / 1024)) MiB; load average $load0 before, $load1 after"
