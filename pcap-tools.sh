#!/usr/bin/env bash
# pcap-tools launcher (named .sh because ./pcap-tools is the module directory): builds the runnable jar with Maven on first use, then runs it with the arguments given.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$(ls "$root"/pcap-tools/target/pcap-tools-*-cli.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$jar" ]]; then
  echo "pcap-tools: building the jar (first use)..." >&2
  (cd "$root" && mvn -B -ntp -q -pl pcap-tools -am package -DskipTests) >&2
  jar="$(ls "$root"/pcap-tools/target/pcap-tools-*-cli.jar | head -n 1)"
fi
exec java ${PCAP_TOOLS_JAVA_OPTS:-} -jar "$jar" "$@"
