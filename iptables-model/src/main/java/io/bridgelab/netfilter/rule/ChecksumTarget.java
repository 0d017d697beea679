package io.bridgelab.netfilter.rule;

/** {@code -j CHECKSUM --checksum-fill} (mangle): fills in a partial checksum left by offload. */
public record ChecksumTarget(boolean fill) implements Target {
    @Override
    public String name() {
        return "CHECKSUM";
    }
}
