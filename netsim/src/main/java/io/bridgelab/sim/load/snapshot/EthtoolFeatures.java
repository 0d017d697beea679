package io.bridgelab.sim.load.snapshot;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ethtool-k.txt: one {@code ethtool -k IF} block per interface ("Features for IF:", then "feature: on|off
 * [fixed]" lines), as snapshot.sh writes it. What the simulation takes from it: which interfaces complete IPv4
 * TCP and UDP checksums themselves ({@code tx-checksum-ipv4} or {@code tx-checksum-ip-generic} on), so that the
 * stack leaves those checksums partial when it sends there ({@code validate_xmit_skb}).
 */
final class EthtoolFeatures {
    private static final String HEADER = "Features for ";

    private EthtoolFeatures() {
    }

    /** The interfaces with IPv4 TX checksum offload on; {@code file} names the source in errors. */
    static Set<String> checksumOffload(List<String> lines, Path file) throws SnapshotException {
        Set<String> offload = new LinkedHashSet<>();
        String iface = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(HEADER) && line.endsWith(":")) {
                iface = line.substring(HEADER.length(), line.length() - 1);
                if (iface.isEmpty()) {
                    throw new SnapshotException(file, "line " + (i + 1), "no interface name: " + line);
                }
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new SnapshotException(file, "line " + (i + 1), "expected 'feature: on|off': " + line);
            }
            if (iface == null) {
                throw new SnapshotException(file, "line " + (i + 1), "a feature before any 'Features for IF:' line");
            }
            String feature = line.substring(0, colon);
            String value = line.substring(colon + 2);
            boolean on = value.equals("on") || value.startsWith("on ");
            if (!on && !value.equals("off") && !value.startsWith("off ")) {
                throw new SnapshotException(file, "line " + (i + 1), feature + " is neither on nor off: " + value);
            }
            if (on && (feature.equals("tx-checksum-ipv4") || feature.equals("tx-checksum-ip-generic"))) {
                offload.add(iface);
            }
        }
        return offload;
    }
}
