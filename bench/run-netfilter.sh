#!/usr/bin/env bash
# Evaluations per second of a NEW TCP connection through nat PREROUTING -> DOCKER with 1, 100, 1,000 and
# 10,000 port rules: our evaluator (JMH, fast index and plain reference walk) beside the Linux kernel.
# The kernel is measured in the same run when root, tcpreplay and python3 are there (the article's host in
# throwaway namespaces with a random suffix, a SYN capture replayed into its eth0, as
# shared/bench/kernel_anchor.sh does, see bench/lib/common.sh); otherwise the anchors of REFERENCE.md section 5 are cited.
# Usage: bench/run-netfilter.sh [--no-kernel]     (prints a Markdown table on stdout)
set -euo pipefail
kernel=yes
for a in "$@"; do
    case $a in
        --no-kernel) kernel=no ;;
        -h|--help) sed -n 2,7p "$0"; exit 0 ;;
        *) echo "run-netfilter.sh: unknown argument '$a' (see --help)" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."

root=$(pwd)
. bench/lib/common.sh
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

KERNEL_NOTE="not re-measured (no root, tcpreplay or python3); anchors from REFERENCE.md section 5"
if [[ $kernel == yes ]] && kernel_can_measure; then
    GEN=$(find_generator "")
    KERNEL[1]=$(kernel_dnat_pps "$GEN" 1 200000 "$WORK")
    KERNEL[100]=$(kernel_dnat_pps "$GEN" 100 100000 "$WORK")
    KERNEL[1000]=$(kernel_dnat_pps "$GEN" 1000 30000 "$WORK")
    KERNEL[10000]=$(kernel_dnat_pps "$GEN" 10000 6000 "$WORK")
    KERNEL_NOTE="measured in this run: tcpreplay --topspeed of a SYN capture into the host namespace's eth0"
fi

echo "| port rules | model, indexed (evals/s) | model, linear reference (evals/s) | kernel, this run (packets/s) | kernel anchor (REFERENCE.md) |"
echo "|---:|---:|---:|---:|---:|"
for r in 1 100 1000 10000; do
    echo "| $(fmt $r) | $(fmt "${MODEL[FAST,$r]:-}") | $(fmt "${MODEL[REFERENCE,$r]:-}") | $(fmt "${KERNEL[$r]:-}") | ${ANCHOR[$r]} |"
done
echo
echo "Model: JMH throughput, one thread, $(nproc) cores shared, $(java -version 2>&1 | head -1). Kernel: $KERNEL_NOTE."
