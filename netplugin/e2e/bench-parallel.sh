#!/usr/bin/env bash
# N containers started at once on one network, netplugin vs Docker 20.10's bridge driver, same machine, same
# run, both in one real dockerd inside a throwaway netns (fixtures/dockerd).
# Usage (root): netplugin/e2e/bench-parallel.sh [N]      (default 50)
# Per driver: the wall time of the N parallel `docker run -d`, each run's own time (p50/p99/max), and for
# netplugin the driver-call latency from its per-call log lines (every NetworkDriver call made while the N
# start: the issue's "p99 driver-call latency"; Docker's bridge driver runs inside dockerd, where no such
# call can be timed from outside). BENCH_REPS (default 2) bursts per driver, alternated bridge/netplugin so
# both meet the same load. The plugin runs as bin/netplugin would, with its default options.
# Prints "key value" lines; bench/run-netplugin.sh turns them into a table.
set -euo pipefail
N="${1:-50}"
R="${BENCH_REPS:-2}"
case "$N" in ''|*[!0-9]*) echo "bench-parallel.sh: N must be a number, got '$N'" >&2; exit 2 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D=/usr/bin/docker
JAR="${NETPLUGIN_JAR:-$ROOT/netplugin/target/netplugin.jar}"
. "$ROOT/bin/lib/netplugin-jvm.sh"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q -pl netplugin -am package -DskipTests)
SUFFIX="$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')"
NAME="np-par-$SUFFIX"
SOCK="/run/docker/plugins/$NAME.sock"
STATE="$(mktemp -d /tmp/np-par-state.XXXXXX)"
PLUGIN_PID=""
DND_DIR=""
cleanup() {
  set +e
  [ -n "$PLUGIN_PID" ] && kill "$PLUGIN_PID" 2>/dev/null && wait "$PLUGIN_PID" 2>/dev/null
  [ -n "$DND_DIR" ] && "$ROOT/fixtures/dockerd/stop.sh" "$DND_DIR" >/dev/null 2>&1
  rm -rf "$STATE" "$SOCK"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
eval "$("$ROOT/fixtures/dockerd/start.sh")"
export DOCKER_HOST
# shellcheck disable=SC2086 # the options are words
java $NETPLUGIN_JAVA_OPTS -jar "$JAR" serve --name "$NAME" --state "$STATE" --netns "$DND_NETNS" \
  >"$STATE/plugin.log" 2>&1 &
PLUGIN_PID=$!
for _ in $(seq 1 300); do grep -q '^netplugin: serving' "$STATE/plugin.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^netplugin: serving' "$STATE/plugin.log" || { echo "bench-parallel.sh: plugin did not start" >&2; cat "$STATE/plugin.log" >&2; exit 1; }
echo "plugin_scheduling $(grep -m1 -E '^netplugin: real-time' "$STATE/plugin.log" | sed 's/^netplugin: //' || echo normal)"
IMG="$("$ROOT/fixtures/dockerd/busybox-image.sh")"
$D network create -d bridge --subnet 172.26.0.0/24 par-bridge >/dev/null
$D network create -d "$NAME" --subnet 172.27.0.0/24 par-netplugin >/dev/null
# A first container per network: image and overlay costs are paid before anything is timed.
for net in par-bridge par-netplugin; do $D run -d --name "warm-$net" --network "$net" "$IMG" sleep 600 >/dev/null; done

# pct P FILE: the P-th percentile (nearest rank) of the sorted numbers in FILE.
pct() { local n; n=$(grep -c . "$2" || true); if [ "$n" -gt 0 ]; then sed -n "$(( (n * $1 + 99) / 100 ))p" "$2"; else echo -; fi; }

# burst DRIVER REP: N docker run -d at once on par-DRIVER; prints its key value lines; removes them after.
burst() {
  local drv="$1" rep="$2" i t0 t1 mark pids=() dir="$STATE/$1-$2"
  mkdir -p "$dir"; : >"$dir/ms"
  mark=$(wc -l <"$STATE/plugin.log")
  t0=$(date +%s%N)
  for i in $(seq 1 "$N"); do
    ( s=$(date +%s%N)
      if timeout 300 $D run -d --name "par-$drv-$rep-$i" --network "par-$drv" "$IMG" sleep 600 >/dev/null 2>>"$dir/err"; then
        echo $(( ($(date +%s%N) - s) / 1000000 )) >>"$dir/ms"
      fi ) &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  t1=$(date +%s%N)
  sort -n "$dir/ms" -o "$dir/ms"
  echo "$drv.$rep.started $(grep -c . "$dir/ms" || true) of $N"
  echo "$drv.$rep.wall_s $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')"
  echo "$drv.$rep.run_ms_p50 $(pct 50 "$dir/ms")"
  echo "$drv.$rep.run_ms_p99 $(pct 99 "$dir/ms")"
  echo "$drv.$rep.run_ms_max $(pct 100 "$dir/ms")"
  echo "$drv.$rep.load_after $(cut -d' ' -f1 /proc/loadavg)"
  if [ "$drv" = netplugin ]; then
    tail -n +"$((mark + 1))" "$STATE/plugin.log" | grep -E '^INFO: NetworkDriver\.' \
      | sed -E 's/^[^)]*\) ([0-9]+) ms.*/\1/' | sort -n >"$dir/calls"
    echo "$drv.$rep.calls $(grep -c . "$dir/calls" || true)"
    echo "$drv.$rep.call_ms_p50 $(pct 50 "$dir/calls")"
    echo "$drv.$rep.call_ms_p99 $(pct 99 "$dir/calls")"
    echo "$drv.$rep.call_ms_max $(pct 100 "$dir/calls")"
  fi
  $D ps -aq --filter "name=par-$drv-$rep-" | xargs -r $D rm -f >/dev/null
}

echo "load_before $(cut -d' ' -f1 /proc/loadavg)"
for rep in $(seq 1 "$R"); do
  burst bridge "$rep"
  burst netplugin "$rep"
done
echo "plugin_rss_mib $(( $(ps -o rss= -p "$PLUGIN_PID") / 1024 ))"
echo "plugin_threads $(ls /proc/"$PLUGIN_PID"/task | wc -l)"
