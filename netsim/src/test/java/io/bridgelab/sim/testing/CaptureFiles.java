package io.bridgelab.sim.testing;

import io.bridgelab.pcap.io.CaptureReader;

import java.io.IOException;
import java.nio.file.Path;

/** What tests ask of a capture file as a whole: how many frames, the time of the last. */
public final class CaptureFiles {
    private CaptureFiles() {
    }

    /** How many records {@code capture} holds. */
    public static long count(Path capture) throws IOException {
        long n = 0;
        try (CaptureReader r = CaptureReader.open(capture)) {
            while (r.next()) {
                n++;
            }
        }
        return n;
    }

    /** The latest record's time stamp (ns), Long.MIN_VALUE for an empty capture. */
    public static long lastTime(Path capture) throws IOException {
        long last = Long.MIN_VALUE;
        try (CaptureReader r = CaptureReader.open(capture)) {
            while (r.next()) {
                last = Math.max(last, r.timestampNanos());
            }
        }
        return last;
    }
}
