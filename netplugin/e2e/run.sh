#!/usr/bin/env bash
# End-to-end: a real dockerd 20.10 (fixtures/dockerd, in a throwaway netns) using netplugin as the driver of
# user networks. The plugin manages that same netns (--netns), so nothing touches the root namespace.
#
# The reachability matrix (published port from an outside namespace, localhost, hairpin, container to
# container, container to outside through MASQUERADE, isolation between two networks, enable_icc=false) is
# run once per driver in E2E_DRIVERS (default "netplugin bridge": the plugin, then Docker's own bridge
# driver in the same dockerd), and the answers must be the same. netplugin alone also gets: bridge named by
# option, `netplugin status` in sync, plugin killed and restarted with running containers, 50 containers
# started in parallel (distinct addresses, each answers ping; p99 driver-call latency printed), and
# `docker network rm` leaving nothing behind.
#
# Output lines a test can read:   ok   CHECK | FAIL CHECK: why | answer DRIVER CHECK yes|no | measure KEY VALUE
# Usage (root): netplugin/e2e/run.sh      Exit 0 = all checks passed and both drivers answered alike.
set -euo pipefail
# The whole script is one brace group: bash parses it entirely before running it, so editing this file
# while a run is in progress cannot make that run execute shifted text.
{
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D=/usr/bin/docker
JAR="${NETPLUGIN_JAR:-$ROOT/netplugin/target/netplugin.jar}"
. "$ROOT/bin/lib/netplugin-jvm.sh"
DRIVERS="${E2E_DRIVERS:-netplugin bridge}"
PARALLEL="${E2E_PARALLEL:-50}"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q -pl netplugin -am package -DskipTests)
SUFFIX="$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')"
NAME="np-e2e-$SUFFIX"
SOCK="/run/docker/plugins/$NAME.sock"
# E2E_STATE_PARENT: where the plugin's state directory is made (default /tmp; /dev/shm puts the store on tmpfs).
STATE="$(mktemp -d "${E2E_STATE_PARENT:-/tmp}/np-e2e-state.XXXXXX")"
OUT="npo-$SUFFIX"
PLUGIN_PID=""
DND_DIR=""
fails=0

cleanup() {
  set +e
  [ -n "$PLUGIN_PID" ] && kill "$PLUGIN_PID" 2>/dev/null && wait "$PLUGIN_PID" 2>/dev/null
  [ -n "$DND_DIR" ] && "$ROOT/fixtures/dockerd/stop.sh" "$DND_DIR" >/dev/null 2>&1
  ip netns del "$OUT" 2>/dev/null
  [ -n "${E2E_KEEP_LOG:-}" ] && cp "$STATE/plugin.log" "$E2E_KEEP_LOG" 2>/dev/null
  rm -rf "$STATE" "$SOCK"
}
# EXIT runs on normal exit and on errors (set -e); TERM/INT (a test runner's timeout) exit through it too.
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

eval "$("$ROOT/fixtures/dockerd/start.sh")"
export DOCKER_HOST

start_plugin() {
  local before; before=$(grep -c '^netplugin: serving' "$STATE/plugin.log" 2>/dev/null || true)
  # E2E_PLUGIN_NICE (e.g. -10) runs the plugin at that CPU priority, as the systemd unit's Nice= would.
  # E2E_PLUGIN_ARGS: more serve options (e.g. "--realtime-priority 0" for normal scheduling).
  # shellcheck disable=SC2086 # the options are words
  nice -n "${E2E_PLUGIN_NICE:-0}" java $NETPLUGIN_JAVA_OPTS -jar "$JAR" serve --name "$NAME" --state "$STATE" --netns "$DND_NETNS" ${E2E_PLUGIN_ARGS:-} \
    >>"$STATE/plugin.log" 2>&1 &
  PLUGIN_PID=$!
  # The socket file appears at bind(), before listen(); the "serving" line comes after both.
  for _ in $(seq 1 300); do
    [ "$(grep -c '^netplugin: serving' "$STATE/plugin.log" 2>/dev/null || true)" -gt "${before:-0}" ] && return 0
    sleep 0.1
  done
  echo "FAIL plugin start: no socket after 30 s"; cat "$STATE/plugin.log"; exit 1
}
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
check() { # check NAME EXPECTED-SUBSTRING-OR-EMPTY COMMAND...
  local what="$1" want="$2"; shift 2
  local got; got="$("$@" 2>&1 || true)"
  if { [ -n "$want" ] && [[ "$got" == *"$want"* ]]; } || { [ -z "$want" ] && [ -z "$got" ]; }; then
    pass "$what"
  else
    fail "$what" "got '$(echo "$got" | head -c 200 | tr '\n' ' ')'"
  fi
}
# probe DRIVER NAME WANT COMMAND...: one cell of the reachability matrix. WANT is yes (an HTTP answer or a
# ping reply must come back) or no (nothing may come back). Prints the answer for the cross-driver comparison.
probe() {
  local drv="$1" what="$2" want="$3"; shift 3
  local got answer; got="$("$@" 2>&1 || true)"
  if [[ "$got" == *"hello from bridgelab"* || "$got" == *" 0% packet loss"* ]]; then answer=yes; else answer=no; fi
  echo "answer $drv $what $answer" | tee -a "$STATE/answers"
  if [ "$answer" = "$want" ]; then pass "[$drv] $what"; else fail "[$drv] $what" "want $want, got '$(echo "$got" | head -c 160 | tr '\n' ' ')'"; fi
}
http() { echo "printf 'GET / HTTP/1.0\r\n\r\n' | $1 -w ${3:-3} $2"; }   # http NC "HOST PORT" [WAIT]

start_plugin
IMG="$("$ROOT/fixtures/dockerd/busybox-image.sh")"

# An outside host: netns OUT linked to the docker host's netns, 10.98.0.0/24; its route to the
# containers' published ports is the docker host's address, and the docker host routes back.
ip netns add "$OUT"
ip link add "o-$SUFFIX" netns "$OUT" type veth peer name "h-$SUFFIX" netns "$DND_NETNS"
ip -n "$DND_NETNS" addr add 10.98.0.1/24 dev "h-$SUFFIX"; ip -n "$DND_NETNS" link set "h-$SUFFIX" up
ip -n "$OUT" addr add 10.98.0.2/24 dev "o-$SUFFIX"; ip -n "$OUT" link set "o-$SUFFIX" up; ip -n "$OUT" link set lo up

# matrix DRIVER: two networks (a: default icc, b: enable_icc=false), a web server with -p 8080:80, clients,
# and every reachability question asked the same way whatever the driver. Leaves the containers running.
matrix() {
  local drv="$1" d t0 t1
  d=$([ "$drv" = netplugin ] && echo "$NAME" || echo "$drv")
  t0=$(date +%s.%N)
  $D network create -d "$d" --subnet 172.28.0.0/24 -o com.docker.network.bridge.name="e2e-a-$SUFFIX" "a-$drv" >/dev/null
  $D network create -d "$d" --subnet 172.29.0.0/24 -o com.docker.network.bridge.enable_icc=false "b-$drv" >/dev/null
  $D run -d --name "web-$drv" --network "a-$drv" -p 8080:80 "$IMG" httpd -f -p 80 -h /www >/dev/null
  $D run -d --name "cli-$drv" --network "a-$drv" "$IMG" sleep 600 >/dev/null
  $D run -d --name "b1-$drv" --network "b-$drv" "$IMG" httpd -f -p 80 -h /www >/dev/null
  $D run -d --name "b2-$drv" --network "b-$drv" "$IMG" sleep 600 >/dev/null
  t1=$(date +%s.%N)
  echo "measure $drv.create_2_networks_4_containers_s $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')"
  local web b1
  web=$($D inspect -f "{{(index .NetworkSettings.Networks \"a-$drv\").IPAddress}}" "web-$drv")
  b1=$($D inspect -f "{{(index .NetworkSettings.Networks \"b-$drv\").IPAddress}}" "b1-$drv")
  check "[$drv] bridge named by option" "e2e-a-$SUFFIX" ip -n "$DND_NETNS" -o link show "e2e-a-$SUFFIX"
  # The MAC the driver answered is the one in the container (the plugin's spare veths get it from dockerd).
  check "[$drv] container's eth0 has the MAC docker reports" \
    "$($D inspect -f "{{(index .NetworkSettings.Networks \"a-$drv\").MacAddress}}" "web-$drv")" \
    $D exec "web-$drv" cat /sys/class/net/eth0/address
  probe "$drv" outside-to-published-port yes ip netns exec "$OUT" sh -c "$(http 'busybox nc' '10.98.0.1 8080')"
  probe "$drv" localhost-to-published-port yes ip netns exec "$DND_NETNS" sh -c "$(http 'busybox nc' '127.0.0.1 8080')"
  probe "$drv" container-to-container yes $D exec "cli-$drv" sh -c "$(http nc "$web 80")"
  probe "$drv" hairpin-to-own-published-port yes $D exec "web-$drv" sh -c "$(http nc '10.98.0.1 8080')"
  # OUT has no route to the containers' subnets: a reply can only come back through MASQUERADE.
  probe "$drv" container-to-outside-masquerade yes $D exec "cli-$drv" ping -c1 -W2 10.98.0.2
  probe "$drv" docker-host-to-container yes ip netns exec "$DND_NETNS" sh -c "$(http 'busybox nc' "$b1 80")"
  probe "$drv" isolation-between-networks no $D exec "cli-$drv" sh -c "$(http nc "$b1 80" 2)"
  probe "$drv" icc-false-blocks-same-network no $D exec "b2-$drv" sh -c "$(http nc "$b1 80" 2)"
}

# remove_matrix DRIVER
remove_matrix() {
  local drv="$1" t0 t1
  t0=$(date +%s.%N)
  $D rm -f "web-$drv" "cli-$drv" "b1-$drv" "b2-$drv" >/dev/null
  $D network rm "a-$drv" "b-$drv" >/dev/null
  t1=$(date +%s.%N)
  echo "measure $drv.remove_4_containers_2_networks_s $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')"
}

# cpu_waits PID: each thread's "TID WAIT_NS", how long it has been runnable but waiting for a CPU (field 2 of
# /proc/PID/task/TID/schedstat).
cpu_waits() {
  local t
  for t in /proc/"$1"/task/*; do echo "${t##*/} $(cut -d' ' -f2 "$t/schedstat" 2>/dev/null || echo 0)"; done
}
# cpu_wait_since PID FILE: the waits added since FILE (a cpu_waits listing), in ms, per thread alive now (a
# thread new since then counts whole); a thread that ended in between takes its wait with it.
cpu_wait_since() {
  cpu_waits "$1" | awk 'NR == FNR {w0[$1] = $2; next} {w += $2 - ($1 in w0 ? w0[$1] : 0)} END {printf "%d", w / 1e6}' "$2" -
}

# parallel N: N containers started at once on network a-netplugin (the netplugin matrix's network a).
parallel() {
  local n="$1" pids=() i t0 t1 mark ips distinct unreachable=0 ip load0
  mark=$(wc -l <"$STATE/plugin.log")
  cpu_waits "$PLUGIN_PID" >"$STATE/waits0"; load0=$(cut -d' ' -f1 /proc/loadavg)
  : >"$STATE/parallel.ids"
  # E2E_SCHED_RECORD=FILE records the scheduler's events during the burst (perf sched record), to see
  # who had the CPUs while the plugin's threads waited: perf sched timehist -i FILE -p PID.
  local perf_pid=""
  if [ -n "${E2E_SCHED_RECORD:-}" ]; then
    perf sched record -a -o "$E2E_SCHED_RECORD" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 1
  fi
  t0=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    timeout 300 $D run -d --name "p$i-$SUFFIX" --network a-netplugin "$IMG" sleep 600 \
      >>"$STATE/parallel.ids" 2>>"$STATE/parallel.err" &
    pids+=($!)
  done
  # Wait for exactly these jobs: a bare 'wait' also waits for the plugin (a background job of this shell
  # too), which never exits -- that was the "hang" of the first version of this block.
  for i in "${pids[@]}"; do wait "$i" || true; done
  t1=$(date +%s.%N)
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"; wait "$perf_pid" || true
    echo "measure netplugin.parallel_sched_record $E2E_SCHED_RECORD (plugin pid $PLUGIN_PID)"
  fi
  # Why calls wait with no CPU used: the plugin's threads were runnable but the CPUs were busy.
  echo "measure netplugin.parallel_plugin_cpu_wait_ms $(cpu_wait_since "$PLUGIN_PID" "$STATE/waits0") (load average $load0 before, $(cut -d' ' -f1 /proc/loadavg) after)"
  echo "measure netplugin.parallel_${n}_docker_run_s $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')"
  check "$n parallel docker run all succeeded" "$n" sh -c "grep -c . '$STATE/parallel.ids'; head -c 300 '$STATE/parallel.err'"
  ips="$(xargs -r $D inspect -f '{{(index .NetworkSettings.Networks "a-netplugin").IPAddress}}' <"$STATE/parallel.ids" || true)"
  distinct=$(echo "$ips" | grep -c . | tr -d ' ')
  [ "$(echo "$ips" | sort -u | grep -c .)" = "$distinct" ] || distinct="duplicates among $distinct"
  check "$n parallel containers have $n distinct addresses" "$n" echo "$distinct"
  for ip in $ips; do ip netns exec "$DND_NETNS" ping -c1 -W2 "$ip" >/dev/null 2>&1 || unreachable=$((unreachable + 1)); done
  check "$n parallel containers all answer ping from the docker host" "0 unreachable" echo "$unreachable unreachable"
  local id want got wrong=0
  for id in $(head -10 "$STATE/parallel.ids"); do
    want=$($D inspect -f '{{(index .NetworkSettings.Networks "a-netplugin").MacAddress}}' "$id")
    got=$($D exec "$id" cat /sys/class/net/eth0/address 2>&1 || true)
    [ -n "$want" ] && [ "$want" = "$got" ] || wrong=$((wrong + 1))
  done
  check "the first 10 parallel containers have the MAC docker reports" "0 wrong" echo "$wrong wrong"
  # Per-call latency from the plugin's own log lines ("INFO: NetworkDriver.X N B T ms"), calls made while
  # the N containers started (java.util.logging writes each record as two lines).
  tail -n +"$((mark + 1))" "$STATE/plugin.log" | grep -E '^INFO: NetworkDriver\.' | sed -E 's/^[^)]*\) ([0-9]+) ms.*/\1/' | sort -n >"$STATE/lat" || true
  local calls p50 p99 max
  calls=$(grep -c . "$STATE/lat" || true)
  if [ "$calls" -gt 0 ]; then
    p50=$(sed -n "$(( (calls + 1) / 2 ))p" "$STATE/lat"); p99=$(sed -n "$(( (calls * 99 + 99) / 100 ))p" "$STATE/lat")
    max=$(tail -1 "$STATE/lat")
    echo "measure netplugin.parallel_driver_calls $calls"
    echo "measure netplugin.parallel_call_ms_p50 $p50"
    echo "measure netplugin.parallel_call_ms_p99 $p99 (goal: under 50)"
    echo "measure netplugin.parallel_call_ms_max $max"
    tail -n +"$((mark + 1))" "$STATE/plugin.log" | grep -E '^INFO: NetworkDriver\.' \
      | sed -nE 's/.*thread wait ([0-9]+) ms.*/\1/p' \
      | awk '{s += $1} END {printf "measure netplugin.parallel_call_thread_wait_ms_sum %d\n", s}' || true
  fi
  # Group commit (EndpointGroupCommit logs "endpoint group: N CreateEndpoint, M Join" for groups above one).
  tail -n +"$((mark + 1))" "$STATE/plugin.log" | grep -E '^INFO: endpoint group: ' \
    | awk '{g++; c+=$4; j+=$6; if ($4+$6>m) m=$4+$6} END {printf "measure netplugin.parallel_groups %d (%d CreateEndpoint, %d Join in them; largest %d)\n", g, c, j, m}' || true
  xargs -r $D rm -f <"$STATE/parallel.ids" >/dev/null
}

for drv in $DRIVERS; do
  matrix "$drv"
  if [ "$drv" = netplugin ]; then
    check "[netplugin] status in sync" "store and kernel in sync" java -jar "$JAR" status --state "$STATE" --netns "$DND_NETNS"
    kill "$PLUGIN_PID"; wait "$PLUGIN_PID" 2>/dev/null || true; PLUGIN_PID=""
    check "[netplugin] containers work while the plugin is down" "hello from bridgelab" ip netns exec "$OUT" sh -c "$(http 'busybox nc' '10.98.0.1 8080')"
    start_plugin
    $D run -d --name web2 --network a-netplugin -p 8081:80 "$IMG" httpd -f -p 80 -h /www >/dev/null
    check "[netplugin] after plugin restart: new container's port" "hello from bridgelab" ip netns exec "$OUT" sh -c "$(http 'busybox nc' '10.98.0.1 8081')"
    check "[netplugin] after plugin restart: old container's port" "hello from bridgelab" ip netns exec "$OUT" sh -c "$(http 'busybox nc' '10.98.0.1 8080')"
    $D rm -f web2 >/dev/null
    [ "$PARALLEL" -gt 0 ] && parallel "$PARALLEL"
    remove_matrix netplugin
    check "[netplugin] network rm leaves no netplugin rule" "" sh -c "ip netns exec $DND_NETNS iptables-save | grep -E 'netplugin:(net|ep):'"
    check "[netplugin] network rm leaves no netplugin link" "" sh -c "ip -n $DND_NETNS -o link | grep -E 'e2e-a-$SUFFIX|npv|netplugin:'"
    check "[netplugin] status in sync at the end" "store and kernel in sync" java -jar "$JAR" status --state "$STATE" --netns "$DND_NETNS"
    echo "measure netplugin.rss_kib $(ps -o rss= -p "$PLUGIN_PID" | tr -d ' ')"
  else
    remove_matrix "$drv"
  fi
done

# The same questions must get the same answers from every driver run.
set -- $DRIVERS
for other in "${@:2}"; do
  while read -r _ _ what answer; do
    theirs=$(awk -v d="$other" -v w="$what" '$2 == d && $3 == w {print $4}' "$STATE/answers")
    if [ "$theirs" = "$answer" ]; then pass "same answer from $1 and $other: $what"
    else fail "same answer from $1 and $other: $what" "$1 says $answer, $other says ${theirs:-nothing}"; fi
  done < <(awk -v d="$1" '$2 == d' "$STATE/answers")
done
[ "$fails" = 0 ] && echo "all checks passed" || { echo "$fails checks failed; plugin log tail:"; tail -30 "$STATE/plugin.log"; exit 1; }
exit 0
}
