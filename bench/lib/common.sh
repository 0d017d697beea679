# Sourced by bench/run-*.sh: what the benchmark scripts share.
# Needs $root (the repository root) set by the caller.

# find_generator [PATH]: shared/bench/gen_syn_pcap.py, given or found beside the repository root (for a git
# worktree, beside the main checkout), or under $BRIDGELAB_SHARED/bench.
find_generator() {
    if [[ $# -gt 0 && -n "$1" ]]; then
        [[ -f "$1" ]] || { echo "$(basename "$0"): no generator at $1" >&2; exit 2; }
        echo "$1"; return
    fi
    local candidates=() common c
    [[ -n "${BRIDGELAB_SHARED:-}" ]] && candidates+=("$BRIDGELAB_SHARED/bench/gen_syn_pcap.py")
    candidates+=("$root/../shared/bench/gen_syn_pcap.py")
    common="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
    [[ -n "$common" ]] && candidates+=("$(dirname "$common")/../shared/bench/gen_syn_pcap.py")
    for c in "${candidates[@]}"; do
        if [[ -f "$c" ]]; then echo "$c"; return; fi
    done
    echo "$(basename "$0"): cannot find gen_syn_pcap.py (tried: ${candidates[*]}); pass its path" >&2
    exit 2
}

# fmt N: 1234567 -> 1,234,567 (printf's ' flag depends on the locale; this does not); anything else as is.
fmt() { [[ ${1:-} =~ ^[0-9]+$ ]] && echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' | tr -d '\n' || printf '%s' "${1:--}"; }

# kernel_can_measure: root, tcpreplay and python3 are there.
kernel_can_measure() {
    [[ $(id -u) == 0 ]] && command -v tcpreplay >/dev/null && command -v python3 >/dev/null
}

# kernel_dnat_pps GENERATOR RULES PACKETS WORKDIR: packets/s the kernel forwards when a SYN capture is
# replayed (tcpreplay --topspeed) into the host's eth0 of shared/bench/kernel_anchor.sh's topology, built
# in throwaway namespaces with a random suffix, with RULES DNAT port rules in nat DOCKER (the hit one last;
# the same table as io.bridgelab.bench.netsim.ReplayThroughput.natRules). Prints the rate; removes the
# namespaces, also on failure.
kernel_dnat_pps() {
    local gen=$1 rules=$2 packets=$3 work=$4 s h c1 ext rated
    s=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
    h=nfb-h-$s; c1=nfb-c-$s; ext=nfb-e-$s
    (
        trap 'for n in '"$h $c1 $ext"'; do ip netns del $n 2>/dev/null || true; done' EXIT
        for n in $h $c1 $ext; do ip netns add $n; ip netns exec $n ip link set lo up; done
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
            for ((k = 1; k < rules; k++)); do
                echo "-A DOCKER ! -i docker0 -p tcp -m tcp --dport $((30000 + k)) -j DNAT --to-destination 172.17.0.4:80"
            done
            echo '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.4:80'
            echo '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'
            echo 'COMMIT'
        } | $H iptables-restore
        python3 "$gen" "$packets" "$work/syn-kernel-$rules.pcap"
        rated=$(ip netns exec $ext tcpreplay --topspeed -i eth0 "$work/syn-kernel-$rules.pcap" 2>&1 \
            | sed -n 's/.*Rated: [0-9.]* Bps, [0-9.]* Mbps, \([0-9.]*\) pps.*/\1/p' | head -1)
        rm -f "$work/syn-kernel-$rules.pcap"
        printf '%.0f\n' "${rated:-0}"
    )
}
