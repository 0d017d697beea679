package io.bridgelab.netfilter.rule;

/**
 * {@code -j LOG}: writes the packet to the kernel log and goes on to the next rule. Level 4 (warning)
 * is the default iptables leaves out of iptables-save; the prefix is at most 29 characters.
 */
public record Log(int level, String prefix, boolean tcpSequence, boolean tcpOptions, boolean ipOptions,
                  boolean uid, boolean macDecode) implements Target {
    public static final int DEFAULT_LEVEL = 4;
    public static final int MAX_PREFIX = 29;

    public Log {
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("log level out of 0..7: " + level);
        }
        if (prefix != null && prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("log prefix longer than " + MAX_PREFIX + " characters");
        }
    }

    @Override
    public String name() {
        return "LOG";
    }
}
