#!/usr/bin/env bash
# Evaluations per second of a NEW TCP connection through nat PREROUTING -> DOCKER with 1, 100, 1,000 and
# 10,000 port rules: our evaluator (JMH, fast index and plain reference walk) beside the Linux kernel.
# The kernel is measured in the same run when root, tcpreplay and python3 are there (the article's host in
# throwaway namespaces with a random suffix, a SYN capture replayed into its eth0, as
# /work/shared/bench/kernel_anchor.sh does); otherwise the anchors of REFERENCE.md section 5 are cited.
# Usage: bench/run-netfilter.sh [--no-kernel]     (prints a Markdown table on stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mvn -B -ntp -q -pl bench -am package -DskipTests >&2
java -Djmh.ignoreLock=true -jar bench/target/benchmarks.jar DockerNatBenchmark \
    -p rules=1,100,1000,10000 -p mode=FAST,REFERENCE -rf csv -rff "$WORK/jmh.csv" >&2

declare -A MODEL
while IFS=, read -r name jmhmode threads samples score error unit mode rules; do
    mode=${mode//\"/}; rules=${rules//\"/}; rules=${rules%$'\r'}   # JMH writes CRLF lines
    [[ $name == *newConnectionThroughPrerouting* ]] || continue
    MODEL[$mode,$rules]=$(printf '%.0f' "$score")
done < <(tail -n +2 "$WORK/jmh.csv")

declare -A KERNEL
declare -A ANCHOR=([1]="~96,000" [100]="-" [1000]="-" [10000]="~1,970")
measure_kernel() {
    local rules=$1 packets=$2 s h c1 ext
    s=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
    h=nfb-h-$s; c1=nfb-c-$s; ext=nfb-e-$s
    for n in $h $c1 $ext; do ip netns add $n; ip netns exec $n ip link set lo up; done
    # shellcheck disable=SC2064
    trap "for n in $h $c1 $ext; do ip netns del \$n 2>/dev/null || true; done; rm -rf '$WORK'" EXIT
    local H="ip netns exec $h"
    $H sysctl -qw net.ipv4.ip_forward=1
    $H ip link add docker0 type bridge; $H ip addr add 172.17.0.1/16 dev docker0; $H ip link set docker0 up
    $H ip link add veth1 type veth peer name eth0 netns $c1; $H ip link set veth1 master docker0 up
    ip netns exec $c1 ip addr add 172.17.0.4/16 dev eth0; ip netns exec $c1 ip link set eth0 up
    ip netns exec $c1 ip route add default via 172.17.0.1
    $H ip link add eth0 address 02:fc:00:00:00:01 type veth peer name eth0 netns $ext
    $H ip addr add 192.168.1.10/24 dev eth0; $H ip link set eth0 up; $H ip route add 10.0.0.0/8 via 192.168.1.20
    ip netns exec $ext ip addr add 192.168.1.20/24 dev eth0; ip netns exec $ext ip link set eth0 up
    $H ip neigh replace 192.168.1.20 lladdr 02:aa:bb:cc:dd:01 dev eth0
    $H ip neigh replace 172.17.0.4 lladdr "$(ip netns exec $c1 cat /sys/class/net/eth0/address)" dev docker0
    {
        echo '*nat'
        echo ':DOCKER - [0:0]'
        echo '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'
        echo '-A DOCKER -i docker0 -j RETURN'
        # rules - 1 port rules ahead of the hit rule, like the model's benchmark (which hits the last rule).
        for ((k = 1; k < rules; k++)); do
            echo "-A DOCKER ! -i docker0 -p tcp -m tcp --dport $((30000 + k)) -j DNAT --to-destination 172.17.0.4:80"
        done
        echo '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.4:80'
        echo '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'
        echo 'COMMIT'
    } | $H iptables-restore
    python3 /work/shared/bench/gen_syn_pcap.py "$packets" "$WORK/syn-$rules.pcap"
    local rated
    rated=$(ip netns exec $ext tcpreplay --topspeed -i eth0 "$WORK/syn-$rules.pcap" 2>&1 \
        | sed -n 's/.*Rated: [0-9.]* Bps, [0-9.]* Mbps, \([0-9.]*\) pps.*/\1/p' | head -1)
    KERNEL[$rules]=$(printf '%.0f' "${rated:-0}")
    for n in $h $c1 $ext; do ip netns del $n; done
    trap 'rm -rf "$WORK"' EXIT
}

KERNEL_NOTE="not re-measured (no root, tcpreplay or python3); anchors from REFERENCE.md section 5"
if [[ ${1:-} != --no-kernel && $(id -u) == 0 ]] && command -v tcpreplay >/dev/null && command -v python3 >/dev/null; then
    measure_kernel 1 200000
    measure_kernel 100 100000
    measure_kernel 1000 30000
    measure_kernel 10000 6000
    KERNEL_NOTE="measured in this run: tcpreplay --topspeed of a SYN capture into the host namespace's eth0"
fi

# 1234567 -> 1,234,567 (printf's ' flag depends on the locale; this does not).
fmt() { [[ ${1:-} =~ ^[0-9]+$ ]] && echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' | tr -d '\n' || printf '%s' "${1:--}"; }
echo "| port rules | model, indexed (evals/s) | model, linear reference (evals/s) | kernel, this run (packets/s) | kernel anchor (REFERENCE.md) |"
echo "|---:|---:|---:|---:|---:|"
for r in 1 100 1000 10000; do
    echo "| $(fmt $r) | $(fmt "${MODEL[FAST,$r]:-}") | $(fmt "${MODEL[REFERENCE,$r]:-}") | $(fmt "${KERNEL[$r]:-}") | ${ANCHOR[$r]} |"
done
echo
echo "Model: JMH throughput, one thread, $(nproc) cores shared, $(java -version 2>&1 | head -1). Kernel: $KERNEL_NOTE."
