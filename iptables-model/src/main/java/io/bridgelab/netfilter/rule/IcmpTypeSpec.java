package io.bridgelab.netfilter.rule;

/**
 * {@code --icmp-type}: a type and a code range ({@code 8} is type 8 any code, {@code 3/3} is type 3
 * code 3). Type {@link #ANY_TYPE} is iptables' "any".
 */
public record IcmpTypeSpec(int type, int codeMin, int codeMax) {
    public static final int ANY_TYPE = 0xff;

    public IcmpTypeSpec {
        if (type < 0 || type > 0xff || codeMin < 0 || codeMax > 0xff || codeMin > codeMax) {
            throw new IllegalArgumentException("bad ICMP type/code " + type + "/" + codeMin + "-" + codeMax);
        }
    }

    public static IcmpTypeSpec type(int type) {
        return new IcmpTypeSpec(type, 0, 0xff);
    }

    public static IcmpTypeSpec typeAndCode(int type, int code) {
        return new IcmpTypeSpec(type, code, code);
    }

    public boolean test(int packetType, int packetCode) {
        return type == ANY_TYPE || (packetType == type && packetCode >= codeMin && packetCode <= codeMax);
    }
}
