package io.bridgelab.sim.cli;

import io.bridgelab.sim.record.NamespaceRef;
import io.bridgelab.sim.record.SnapshotRecordException;
import io.bridgelab.sim.record.SnapshotRecorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code netsim snapshot}: records live namespaces into a folder that {@code --snapshot DIR} loads. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Records live network namespaces with the real tools' own output (ip -j -d link, ip -j addr,"
                + " ip -j route show table all, ip -j neigh, bridge -j fdb, bridge -j -d link, iptables-save -c,"
                + " conntrack -L, sysctl, ethtool -k, ss -l (listening sockets), and with python3 which nf_tables"
                + " chains count their policy, which iptables-save does not show) and which veth ends are joined"
                + " across them, into a folder laid out as fixtures/scenarios/lib/snapshot.sh writes it: DIR/<role>/..., DIR/namespaces.json,"
                + " DIR/veth-peers.json. Needs root. Load it with 'netsim replay|trace --snapshot DIR'."})
public final class SnapshotCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--netns", paramLabel = "[ROLE=]NS", split = ",", required = true,
            description = "namespaces to record, comma separated or repeated; ROLE names the folder (and the node"
                    + " once loaded), default the netns name. NS is a name from 'ip netns list' or, with a ROLE, a"
                    + " namespace file: host=/proc/1/ns/net (the host's own), c1=/proc/PID/ns/net (a container's:"
                    + " docker inspect -f '{{.State.Pid}}' C). Snapshot both ends of every veth pair.")
    List<String> netns = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "new or empty output folder")
    Path out;

    @Override
    public void run() {
        List<NamespaceRef> refs = new ArrayList<>();
        for (String n : netns) {
            try {
                refs.add(NamespaceRef.parse(n));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--netns: " + e.getMessage());
            }
        }
        try {
            SnapshotRecorder.checkDistinct(refs);
        } catch (SnapshotRecordException e) {
            throw new UsageException("--netns: " + e.getMessage());
        }
        try {
            SnapshotRecorder.record(refs, out);
        } catch (SnapshotRecordException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("recorded " + refs.size() + " namespace" + (refs.size() == 1 ? "" : "s") + " into " + out);
        w.flush();
    }
}
