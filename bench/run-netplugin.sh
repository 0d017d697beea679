#!/usr/bin/env bash
# netplugin beside Docker 20.10's own bridge driver, same machine, same run, each in a real dockerd inside a
# throwaway network namespace (fixtures/dockerd; nothing touches the root namespace).
# Usage (root, docker.io installed): bench/run-netplugin.sh [--ports N] [--parallel N]
#   published ports: netplugin/e2e/bench-ports.sh N (default 1000; the bridge driver with min(N, 100), since
#     each of its ports costs two docker-proxy processes): docker run / docker rm -f times, proxies, plugin RSS
#   parallel starts: netplugin/e2e/bench-parallel.sh N (default 50): N docker run at once per driver
#   BENCH_REPS (default 2 here) repeats each measurement; prints Markdown on stdout, progress on stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ports=1000; parallel=50
while [ $# -gt 0 ]; do
    case $1 in
        --ports) ports=${2:?--ports needs a number}; shift 2 ;;
        --parallel) parallel=${2:?--parallel needs a number}; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "run-netplugin.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for n in "$ports" "$parallel"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "run-netplugin.sh: '$n' is not a positive number" >&2; exit 2; }
done
cd "$root"
. bench/lib/common.sh
[[ $(id -u) == 0 ]] || { echo "run-netplugin.sh: needs root (dockerd, namespaces)" >&2; exit 1; }
export BENCH_REPS=${BENCH_REPS:-2}
mvn -B -ntp -q -pl netplugin -am package -DskipTests >&2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "bench-ports.sh $ports ..." >&2
netplugin/e2e/bench-ports.sh "$ports" >"$WORK/ports"
echo "bench-parallel.sh $parallel ..." >&2
netplugin/e2e/bench-parallel.sh "$parallel" >"$WORK/par"

v() { sed -n "s/^$1 //p" "$WORK/par" | head -1; }
# all KEY: the values of KEY over the repetitions, "a / b / ..."
all() {
    local r out=""
    for r in $(seq 1 "$BENCH_REPS"); do out="$out${out:+ / }$(v "$1.$r.$2")"; done
    echo "$out"
}

echo "### Published ports ($(date -u '+%Y-%m-%d %H:%M UTC'), medians of $BENCH_REPS)"
echo
echo '```'
cat "$WORK/ports"
echo '```'
echo
echo "Anchor (shared/REFERENCE.md, Docker 20.10's bridge with 1,000 ports on this machine kind): docker run 30.6 s,"
echo "2,000 docker-proxy processes using 6.6 GB, docker rm -f 72 s. Goal: 1,000 ports add at most 0.3 s to docker"
echo "run and to docker rm, no extra processes, plugin RSS under 150 MB."
echo
echo "### $parallel parallel docker run on one network (bursts alternated bridge / netplugin, one value per burst)"
echo
echo "| figure | Docker 20.10 bridge | netplugin | goal |"
echo "|---|---|---|---|"
echo "| containers started | $(all bridge started) | $(all netplugin started) | all |"
echo "| wall time of the burst, s | $(all bridge wall_s) | $(all netplugin wall_s) | |"
echo "| one docker run, p50 ms | $(all bridge run_ms_p50) | $(all netplugin run_ms_p50) | |"
echo "| one docker run, p99 ms | $(all bridge run_ms_p99) | $(all netplugin run_ms_p99) | |"
echo "| driver calls timed | - (inside dockerd) | $(all netplugin calls) | |"
echo "| driver-call latency p50 ms | - | $(all netplugin call_ms_p50) | |"
echo "| driver-call latency p99 ms | - | $(all netplugin call_ms_p99) | < 50 |"
echo "| driver-call latency max ms | - | $(all netplugin call_ms_max) | |"
echo "| load average after the burst | $(all bridge load_after) | $(all netplugin load_after) | |"
echo
echo "Plugin: $(v plugin_scheduling); RSS after the bursts $(v plugin_rss_mib) MiB, $(v plugin_threads) threads;"
echo "load average $(v load_before) before the first burst; $(nproc) cores, $(java -version 2>&1 | head -1)."
