#!/usr/bin/env bash
# Capture reading benchmark: our streaming read+decode and pcap4j's offline reader (JMH, one core, 256 MB
# heap), tshark -r and pcap-tools diff (wall time, peak RSS), all on the same 1M-SYN capture in one run.
#
# usage: bench/run-pcap.sh [PATH/TO/gen_syn_pcap.py]
#   The generator defaults to ../shared/bench/gen_syn_pcap.py beside the repository root (for a git
#   worktree, beside the main checkout), or $BRIDGELAB_SHARED/bench/gen_syn_pcap.py.
#   PACKETS=N changes the capture size (default 1000000); JMH_OPTS adds JMH options (e.g. "-wi 1 -i 2").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen_arg=""
for a in "$@"; do
  case $a in
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    -*) echo "run-pcap.sh: unknown option '$a' (see --help)" >&2; exit 2 ;;
    *)
      [[ -z $gen_arg ]] || { echo "run-pcap.sh: one generator path only, got '$gen_arg' and '$a' (see --help)" >&2; exit 2; }
      gen_arg=$(realpath -m -- "$a") ;;  # absolute: the script changes directory next
  esac
done
cd "$root"

. "$root/bench/lib/common.sh"

gen="$(find_generator "$gen_arg")"
packets="${PACKETS:-1000000}"
out="$root/bench/out"
mkdir -p "$out"
pcap="$out/syn$((packets / 1000))k.pcap"
if [[ ! -f "$pcap" ]]; then
  echo "generating $pcap with $gen ..." >&2
  python3 "$gen" "$packets" "$pcap"
fi

# The same capture with every TTL lowered by one: a diff against it decodes and compares every packet.
variant="${pcap%.pcap}-ttl.pcap"
if [[ ! -f "$variant" ]]; then
  python3 - "$pcap" "$variant" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
at = 24
while at + 16 <= len(data):
    caplen = struct.unpack_from("<I", data, at + 8)[0]
    if caplen > 22 and data[at + 16 + 12:at + 16 + 14] == b"\x08\x00":
        data[at + 16 + 22] = (data[at + 16 + 22] - 1) & 0xff
    at += 16 + caplen
open(sys.argv[2], "wb").write(data)
PY
fi

echo "building ..." >&2
mvn -B -ntp -q -pl bench,pcap-tools -am package -DskipTests >&2

pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

echo "JMH (pinned to one core, -Xmx256m) ..." >&2
"${pin[@]}" java -jar bench/target/benchmarks.jar 'io.bridgelab.bench.pcap.PcapReadBenchmark' \
  -p file="$pcap" -rf json -rff "$out/pcap-jmh.json" ${JMH_OPTS:-} >"$out/pcap-jmh.txt"

echo "one-shot runs (cold JVM) and tshark ..." >&2
timed() { # prints "wall_seconds peak_rss_kb" of the command, its stdout to $out/last.txt
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/last.txt" 2>/dev/null || true
  cat "$out/time.txt" | tail -n 1
}
read -r once_wall once_rss < <(timed "${pin[@]}" java -Xmx256m -cp bench/target/benchmarks.jar \
  io.bridgelab.bench.pcap.PcapReadOnce "$pcap")
once_heap="$(awk '{print $4}' "$out/last.txt")"
once_secs="$(awk '{print $2}' "$out/last.txt")"
read -r diff_wall diff_rss < <(timed java -Xmx256m -jar pcap-tools/target/pcap-tools-*-cli.jar diff "$pcap" "$pcap")
diff_result="$(head -c 60 "$out/last.txt")"
read -r ttl_wall ttl_rss < <(timed java -Xmx256m -jar pcap-tools/target/pcap-tools-*-cli.jar diff "$pcap" "$variant" --ignore ttl)
ttl_result="$(head -c 60 "$out/last.txt")"
read -r tshark_wall tshark_rss < <(timed tshark -n -r "$pcap")

python3 - "$out/pcap-jmh.json" "$packets" "$once_wall" "$once_rss" "$once_heap" "$diff_wall" "$diff_rss" \
  "$tshark_wall" "$tshark_rss" "$diff_result" "$once_secs" "$ttl_wall" "$ttl_rss" "$ttl_result" <<'PY'
import json, sys
jmh, n = json.load(open(sys.argv[1])), int(sys.argv[2])
once_wall, once_rss, once_heap, diff_wall, diff_rss, t_wall, t_rss = sys.argv[3:10]
diff_result = sys.argv[10]
once_secs = float(sys.argv[11])
ttl_wall, ttl_rss, ttl_result = float(sys.argv[12]), int(sys.argv[13]), sys.argv[14]
names = {
    "oursReadAndDecode": "ours: read + decode to Packet",
    "oursReadOnly": "ours: read only",
    "pcap4jRaw": "pcap4j offline: getNextRawPacketEx",
    "pcap4jRawOurDecoder": "pcap4j raw bytes + our decoder",
    "pcap4jDecoded": "pcap4j offline: getNextPacketEx (decoded)",
}
print(f"| what ({n} TCP SYN packets) | time per file | packets/s | memory |")
print("|---|---|---|---|")
for r in sorted(jmh, key=lambda r: r["primaryMetric"]["score"]):
    name = r["benchmark"].rsplit(".", 1)[1]
    ms = r["primaryMetric"]["score"]
    err = r["primaryMetric"]["scoreError"]
    err = float(err) if err not in (None, "NaN") else float("nan")
    print(f"| {names.get(name, name)} (JMH, 1 core) | {ms:,.0f} ± {err:,.0f} ms | {n / (ms / 1000):,.0f} | heap -Xmx256m |")
print(f"| ours: read + decode, one cold run | {once_secs:.2f} s in-process, {float(once_wall):.2f} s wall with JVM start | {n / once_secs:,.0f} | {int(once_rss) // 1024} MB RSS, {int(once_heap) // (1 << 20)} MB peak heap |")
print(f"| pcap-tools diff FILE FILE (equal bytes: fast path, no decoding) | {float(diff_wall):.2f} s wall | {2 * n / float(diff_wall):,.0f} (both files) | {int(diff_rss) // 1024} MB RSS |")
print(f"| pcap-tools diff FILE TTL-VARIANT --ignore ttl (every packet decoded, paired, compared) | {ttl_wall:.2f} s wall | {2 * n / ttl_wall:,.0f} (both files) | {ttl_rss // 1024} MB RSS |")
print(f"| tshark -n -r FILE | {float(t_wall):.2f} s wall | {n / float(t_wall):,.0f} | {int(t_rss) // 1024} MB RSS |")
print()
print(f"diff said: {diff_result.strip()} / {ttl_result.strip()}")
PY
