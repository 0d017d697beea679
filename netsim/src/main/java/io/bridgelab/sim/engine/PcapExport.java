package io.bridgelab.sim.engine;

import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes every interface's capture as {@code DIR/<node>/<iface>.pcap}, nanosecond timestamps from the simulated clock. */
public final class PcapExport {
    private PcapExport() {
    }

    /**
     * Writes the files and returns how many; {@code epochNanos} is the wall time the simulation's zero stands for.
     * Captures already {@linkplain CaptureTaps#streamTo streamed} to {@code dir} are only closed.
     */
    public static int write(CaptureTaps taps, Path dir, long epochNanos) throws IOException {
        if (taps.streamedTo() != null) {
            if (!taps.streamedTo().equals(dir)) {
                throw new IllegalArgumentException("the captures were streamed to " + taps.streamedTo() + ", not " + dir);
            }
            return taps.closeStreams();
        }
        int files = 0;
        for (String key : taps.interfaces()) {
            int colon = key.indexOf(':');
            String node = key.substring(0, colon);
            String iface = key.substring(colon + 1);
            List<CapturedFrame> frames = taps.on(node, iface);
            Path file = dir.resolve(node).resolve(iface + ".pcap");
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file);
                 PcapWriter w = new PcapWriter(out, frames.isEmpty() ? LinkType.ETHERNET
                         : CaptureTaps.linkTypeOf(frames.get(0).frame()), true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
                for (CapturedFrame f : frames) {
                    byte[] bytes = FrameEncoder.encode(f.frame().withMetadata(io.bridgelab.netfilter.packet.Metadata.NONE));
                    w.write(epochNanos + f.timeNanos(), 0, bytes.length, bytes, 0, bytes.length);
                }
            }
            files++;
        }
        return files;
    }
}
