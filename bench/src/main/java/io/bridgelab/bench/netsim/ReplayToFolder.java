package io.bridgelab.bench.netsim;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.NetfilterStateExport;
import io.bridgelab.sim.engine.PcapExport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link ReplayThroughput}'s replay with its output kept: every interface's pcap file is written into
 * {@code OUT}, and each namespace's counted ruleset and conntrack table into {@code OUT/NODE/}, as {@code netsim replay} does, so two builds'
 * outputs can be compared byte for byte (sha256) after a change meant to keep the behaviour.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.bridgelab.bench.netsim.ReplayToFolder SYN.pcap RULES [listen] OUT}
 */
public final class ReplayToFolder {
    private ReplayToFolder() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        boolean listen = rest.remove("listen");
        if (rest.size() != 3) {
            System.err.println("usage: ReplayToFolder SYN.pcap RULES [listen] OUT");
            System.exit(2);
        }
        Path pcap = Path.of(rest.get(0));
        int rules = Integer.parseInt(rest.get(1));
        Path out = Files.createDirectories(Path.of(rest.get(2)));
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(ReplayThroughput.anchorWorld(rules, listen), netfilter, Integer.MAX_VALUE, false);
        engine.captures().streamTo(out, 0);
        int frames = EdgeReplay.schedule(engine, List.of(new EdgeReplay.Edge("ext", "eth0", pcap))).frames();
        engine.run();
        PcapExport.write(engine.captures(), out, 0);
        // As netsim replay does: each namespace's counted ruleset and conntrack table beside the captures.
        NetfilterStateExport.write(engine, netfilter, out);
        System.out.println(frames + " frames replayed into " + out);
    }
}
