#!/usr/bin/env bash
# netsim replay speed: a capture of SYNs (shared/bench/gen_syn_pcap.py) replayed into the host's eth0 of the
# seed article's topology with 1 and 10,000 DNAT port rules, beside the kernel doing the same in namespaces
# (tcpreplay into shared/bench/kernel_anchor.sh's topology), measured in the same run.
# Usage: bench/run-netsim.sh [PATH/TO/gen_syn_pcap.py] [--no-kernel]    (prints a Markdown table on stdout)
#   PACKETS=N changes the capture size (default 1000000); HEAP sets the JVM's -Xmx of the speed rows (default
#   4g); the memory row always runs with -Xmx1g, the goal. ROUNDS=N (default 3): the speed rows replay N
#   times in one JVM; "packets/s" is the first (a cold JVM, as one netsim replay), "warm" the best later one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen_arg=""; kernel=yes
for a in "$@"; do
    case $a in
        --no-kernel) kernel=no ;;
        -h|--help) sed -n 2,6p "$0"; exit 0 ;;
        -*) echo "run-netsim.sh: unknown option '$a' (see --help)" >&2; exit 2 ;;
        *) gen_arg=$(realpath -m -- "$a") ;;  # absolute: the script changes directory next
    esac
done
cd "$root"
. bench/lib/common.sh
GEN=$(find_generator "$gen_arg")
packets=${PACKETS:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mvn -B -ntp -q -pl bench -am package -DskipTests >&2
python3 "$GEN" "$packets" "$WORK/syn.pcap"

# The options bin/netsim gives `netsim replay`.
. bin/lib/netsim-replay-jvm.sh
read -r -a REPLAY_OPTS <<<"$NETSIM_REPLAY_JAVA_OPTS"
rounds=${ROUNDS:-3}
declare -A FRAMES READ RUN PPS CT HEAP RSS WARM
model() {   # model KEY HEAP RULES [listen] [nocapture] [ROUNDS]
    local key=$1 heap=$2 lines rss
    shift 2
    lines=$( { /usr/bin/time -f 'RSS %M' java "${REPLAY_OPTS[@]}" -Xmx"$heap" -cp bench/target/benchmarks.jar \
        io.bridgelab.bench.netsim.ReplayThroughput "$WORK/syn.pcap" "$@" 2>"$WORK/time"; } )
    rss=$(sed -n 's/^RSS \([0-9]*\)/\1/p' "$WORK/time")
    read -r FRAMES[$key] READ[$key] RUN[$key] PPS[$key] CT[$key] HEAP[$key] <<<"$(head -1 <<<"$lines")"
    WARM[$key]=$(tail -n +2 <<<"$lines" | cut -f4 | sort -n | tail -1)
    RSS[$key]=$((rss / 1024))
}
model 1 "${HEAP:-4g}" 1 "$rounds"
model 10000 "${HEAP:-4g}" 10000 "$rounds"
model 1nc "${HEAP:-4g}" 1 nocapture "$rounds"
model 10000nc "${HEAP:-4g}" 10000 nocapture "$rounds"
# The memory goal's row runs with the goal as the heap limit: it fails (OutOfMemoryError) if it is not met.
model listen 1g 1 listen

declare -A KERNEL=([1]="-" [10000]="-")
note="not measured (needs root, tcpreplay and python3, or --no-kernel given)"
if [[ $kernel == yes ]] && kernel_can_measure; then
    KERNEL[1]=$(kernel_dnat_pps "$GEN" 1 200000 "$WORK")
    KERNEL[10000]=$(kernel_dnat_pps "$GEN" 10000 6000 "$WORK")
    note="measured in this run: tcpreplay --topspeed of 200,000 (1 rule) and 6,000 (10,000 rules) SYNs"
fi

echo "| case ($(fmt "$packets") SYNs into eth0) | netsim packets/s | warm (best of replays 2-$rounds) | check + schedule | simulate | conntrack entries at end | heap after GC | RSS | kernel packets/s (this run) | goal |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row() {
    local warm="-"
    [ -n "${WARM[$2]:-}" ] && warm=$(fmt "${WARM[$2]}")
    echo "| $1 | $(fmt "${PPS[$2]}") | $warm | ${READ[$2]} s | ${RUN[$2]} s | $(fmt "${CT[$2]}") | ${HEAP[$2]} MB | ${RSS[$2]} MB | $(fmt "$3") | $4 |"
}
row "1 DNAT rule, container answers RST" 1 "${KERNEL[1]}" ">= 1,000,000"
row "10,000 DNAT rules, container answers RST" 10000 "${KERNEL[10000]}" ">= 500,000"
row "1 DNAT rule, no capture written (\`--capture none\`; the kernel run has no tcpdump either)" 1nc "${KERNEL[1]}" ">= 1,000,000"
row "10,000 DNAT rules, no capture written" 10000nc "${KERNEL[10000]}" ">= 500,000"
row "1 rule, container and host listen (every entry kept)" listen "-" "heap < 1 GB at 1M entries"
echo
echo "netsim: packets/s is the first replay of a fresh JVM (JIT warm-up included), warm the best of the replays after it in the same JVM, each into a new world; $(nproc) cores shared, $(java -version 2>&1 | head -1), ${NETSIM_REPLAY_JAVA_OPTS} (bin/lib/netsim-replay-jvm.sh) -Xmx${HEAP:-4g} (the memory row: -Xmx1g); the capture is streamed in; every interface's capture is streamed out to its pcap file (temporary), as \`netsim replay\` does, but in the rows with no capture. Kernel: $note."
