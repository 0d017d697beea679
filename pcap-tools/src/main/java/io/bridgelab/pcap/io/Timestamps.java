package io.bridgelab.pcap.io;

/**
 * A timestamp resolution as pcapng's {@code if_tsresol} gives it: ticks of 10^-n or 2^-n seconds, plus
 * {@code if_tsoffset} seconds. Converts ticks to nanoseconds without overflow for any resolution.
 */
public record Timestamps(boolean binary, int exponent, long offsetSeconds) {
    public static final Timestamps MICROSECONDS = new Timestamps(false, 6, 0);
    public static final Timestamps NANOSECONDS = new Timestamps(false, 9, 0);
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    public Timestamps {
        if (exponent < 0 || exponent > (binary ? 63 : 16)) {
            throw new IllegalArgumentException("timestamp resolution exponent out of range: " + exponent);
        }
    }

    /** Decodes the one-byte {@code if_tsresol} option value; null if it is out of range. */
    public static Timestamps fromTsresol(int value, long offsetSeconds) {
        boolean binary = (value & 0x80) != 0;
        int exponent = value & 0x7f;
        if (exponent > (binary ? 63 : 16)) {
            return null;
        }
        return new Timestamps(binary, exponent, offsetSeconds);
    }

    public Timestamps withOffset(long seconds) {
        return new Timestamps(binary, exponent, seconds);
    }

    /** Nanoseconds since the epoch for a tick count (treated as unsigned 64 bits, saturating). */
    public long toNanos(long ticks) {
        long seconds;
        long fractionNanos;
        if (binary) {
            seconds = exponent == 0 ? ticks : ticks >>> exponent;
            long fraction = exponent == 0 ? 0 : ticks & ((1L << exponent) - 1);
            // fraction * 1e9 / 2^exponent: 128-bit product, then shift.
            long hi = Math.multiplyHigh(fraction, 1_000_000_000L);
            long lo = fraction * 1_000_000_000L;
            fractionNanos = exponent == 0 ? 0 : exponent >= 64 ? hi : (lo >>> exponent) | (hi << (64 - exponent));
        } else {
            long unit = POW10[exponent];
            seconds = Long.divideUnsigned(ticks, unit);
            long fraction = Long.remainderUnsigned(ticks, unit);
            fractionNanos = exponent <= 9 ? fraction * POW10[9 - exponent] : fraction / POW10[exponent - 9];
        }
        seconds += offsetSeconds;
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1 || seconds < 0) {
            return seconds < 0 ? 0 : Long.MAX_VALUE;
        }
        return seconds * 1_000_000_000L + fractionNanos;
    }
}
