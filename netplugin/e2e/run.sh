#!/usr/bin/env bash
# End-to-end: a real dockerd 20.10 (fixtures/dockerd, in a throwaway netns) using netplugin as the driver of
# user networks. The plugin manages that same netns (--netns), so nothing touches the root namespace.
# Checks: docker network create -d NAME with options, docker run -p, reachability from an outside
# namespace, container to container, container to outside (MASQUERADE), hairpin, localhost, isolation
# between two plugin networks, enable_icc=false, plugin restart with running containers, docker network rm
# leaves nothing behind.  Usage (root): netplugin/e2e/run.sh      Exit 0 = all checks passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D=/usr/bin/docker
JAR="$ROOT/netplugin/target/netplugin.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q -pl netplugin -am package -DskipTests)
SUFFIX="$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')"
NAME="np-e2e-$SUFFIX"
SOCK="/run/docker/plugins/$NAME.sock"
STATE="$(mktemp -d /tmp/np-e2e-state.XXXXXX)"
OUT="npo-$SUFFIX"
PLUGIN_PID=""
fails=0

eval "$("$ROOT/fixtures/dockerd/start.sh")"
export DOCKER_HOST
cleanup() {
  set +e
  [ -n "$PLUGIN_PID" ] && kill "$PLUGIN_PID" 2>/dev/null && wait "$PLUGIN_PID" 2>/dev/null
  "$ROOT/fixtures/dockerd/stop.sh" "$DND_DIR" >/dev/null 2>&1
  ip netns del "$OUT" 2>/dev/null
  rm -rf "$STATE" "$SOCK"
}
trap cleanup EXIT

start_plugin() {
  java -jar "$JAR" serve --name "$NAME" --state "$STATE" --netns "$DND_NETNS" >>"$STATE/plugin.log" 2>&1 &
  PLUGIN_PID=$!
  for _ in $(seq 1 100); do [ -S "$SOCK" ] && return 0; sleep 0.1; done
  echo "plugin did not start:"; cat "$STATE/plugin.log"; exit 1
}
check() { # check NAME EXPECTED-SUBSTRING-OR-EMPTY COMMAND...
  local what="$1" want="$2"; shift 2
  local got; got="$("$@" 2>&1 || true)"
  if { [ -n "$want" ] && [[ "$got" == *"$want"* ]]; } || { [ -z "$want" ] && [ -z "$got" ]; }; then
    echo "ok   $what"
  else
    echo "FAIL $what: got '$(echo "$got" | head -c 200)'"; fails=$((fails + 1))
  fi
}
check_blocked() { # check_blocked NAME COMMAND...: the request must not get an answer
  local what="$1"; shift
  local got; got="$("$@" 2>&1 || true)"
  if [[ "$got" == *"hello"* ]]; then
    echo "FAIL $what: got an answer"; fails=$((fails + 1))
  else
    echo "ok   $what ($(echo "$got" | head -c 60))"
  fi
}
get() { printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 "$1" "$2"; }

start_plugin
IMG="$("$ROOT/fixtures/dockerd/busybox-image.sh")"

# An outside host: netns OUT linked to the docker host's netns, 10.98.0.0/24; its route to the
# containers' published ports is the docker host's address, and the docker host routes back.
ip netns add "$OUT"
ip link add "o-$SUFFIX" netns "$OUT" type veth peer name "h-$SUFFIX" netns "$DND_NETNS"
ip -n "$DND_NETNS" addr add 10.98.0.1/24 dev "h-$SUFFIX"; ip -n "$DND_NETNS" link set "h-$SUFFIX" up
ip -n "$OUT" addr add 10.98.0.2/24 dev "o-$SUFFIX"; ip -n "$OUT" link set "o-$SUFFIX" up; ip -n "$OUT" link set lo up

T0=$(date +%s.%N)
$D network create -d "$NAME" --subnet 172.28.0.0/24 -o com.docker.network.bridge.name=np-e2e-a neta >/dev/null
$D network create -d "$NAME" --subnet 172.29.0.0/24 -o com.docker.network.bridge.enable_icc=false netb >/dev/null
$D run -d --name web --network neta -p 8080:80 "$IMG" httpd -f -p 80 -h /www >/dev/null
$D run -d --name cli --network neta "$IMG" sleep 600 >/dev/null
$D run -d --name b1 --network netb "$IMG" httpd -f -p 80 -h /www >/dev/null
$D run -d --name b2 --network netb "$IMG" sleep 600 >/dev/null
T1=$(date +%s.%N)
echo "created 2 networks and 4 containers in $(echo "$T1 - $T0" | bc) s"
WEB=$($D inspect -f '{{(index .NetworkSettings.Networks "neta").IPAddress}}' web)
B1=$($D inspect -f '{{(index .NetworkSettings.Networks "netb").IPAddress}}' b1)

check "bridge named by option" "np-e2e-a" ip -n "$DND_NETNS" -o link show np-e2e-a
check "outside -> published port" "hello from bridgelab" ip netns exec "$OUT" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 10.98.0.1 8080"
check "localhost -> published port (no proxy)" "hello from bridgelab" ip netns exec "$DND_NETNS" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 127.0.0.1 8080"
check "container -> container (same network)" "hello from bridgelab" $D exec cli sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 $WEB 80"
check "hairpin (container -> own published port)" "hello from bridgelab" $D exec web sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 10.98.0.1 8080"
# OUT has no route to the containers' subnets: a reply can only come back through MASQUERADE.
check "container -> outside (MASQUERADE)" "1 packets received" $D exec cli ping -c1 -W2 10.98.0.2
check "control: b1 serves (from the docker host)" "hello from bridgelab" ip netns exec "$DND_NETNS" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 $B1 80"
check_blocked "isolation between plugin networks" $D exec cli sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $B1 80"
check_blocked "enable_icc=false blocks b2 -> b1" $D exec b2 sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $B1 80"
check "status in sync" "store and kernel in sync" java -jar "$JAR" status --state "$STATE" --netns "$DND_NETNS"

kill "$PLUGIN_PID"; wait "$PLUGIN_PID" 2>/dev/null || true; PLUGIN_PID=""
check "containers work while the plugin is down" "hello from bridgelab" ip netns exec "$OUT" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 10.98.0.1 8080"
start_plugin
$D run -d --name web2 --network neta -p 8081:80 "$IMG" httpd -f -p 80 -h /www >/dev/null
check "after plugin restart: new container's port" "hello from bridgelab" ip netns exec "$OUT" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 10.98.0.1 8081"
check "after plugin restart: old container's port" "hello from bridgelab" ip netns exec "$OUT" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 10.98.0.1 8080"

T2=$(date +%s.%N)
$D rm -f web cli b1 b2 web2 >/dev/null
$D network rm neta netb >/dev/null
T3=$(date +%s.%N)
echo "removed 5 containers and 2 networks in $(echo "$T3 - $T2" | bc) s"
check "network rm leaves no netplugin rule" "" sh -c "ip netns exec $DND_NETNS iptables-save | grep -E 'netplugin:(net|ep):'"
check "network rm leaves no netplugin link" "" sh -c "ip -n $DND_NETNS -o link | grep -E 'np-e2e-a|npv|br-'"
check "status in sync at the end" "store and kernel in sync" java -jar "$JAR" status --state "$STATE" --netns "$DND_NETNS"
echo "plugin RSS: $(ps -o rss= -p "$PLUGIN_PID") KiB"
[ "$fails" = 0 ] && echo "all checks passed" || { echo "$fails checks failed; plugin log: $STATE/plugin.log"; tail -30 "$STATE/plugin.log"; exit 1; }
