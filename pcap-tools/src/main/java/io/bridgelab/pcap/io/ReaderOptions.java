package io.bridgelab.pcap.io;

/**
 * How a reader treats bad input. Strict (the default) stops at the first bad record with a
 * {@link PcapFormatException}; {@code lenient} skips records it can step over and counts them (see
 * {@link CaptureReader#skippedRecords()}), and ends the stream where it cannot find the next record.
 * {@code maxRecordBytes} bounds every length read from the file before anything is allocated for it.
 */
public record ReaderOptions(boolean lenient, int maxRecordBytes) {
    /** 16 MiB: far above any snap length tcpdump writes (256 KiB), far below a heap. */
    public static final int DEFAULT_MAX_RECORD = 16 << 20;
    public static final ReaderOptions STRICT = new ReaderOptions(false, DEFAULT_MAX_RECORD);
    public static final ReaderOptions LENIENT = new ReaderOptions(true, DEFAULT_MAX_RECORD);

    public ReaderOptions {
        if (maxRecordBytes < 64) {
            throw new IllegalArgumentException("maxRecordBytes below 64: " + maxRecordBytes);
        }
    }
}
