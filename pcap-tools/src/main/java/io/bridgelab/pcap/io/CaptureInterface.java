package io.bridgelab.pcap.io;

/**
 * An interface a capture file describes: classic pcap has exactly one (from the file header); pcapng one
 * per Interface Description Block. {@code snapLength} 0 means "no limit given".
 */
public record CaptureInterface(int linkType, long snapLength, String name, Timestamps timestamps) {
    public CaptureInterface {
        if (timestamps == null) {
            timestamps = Timestamps.MICROSECONDS;
        }
    }
}
