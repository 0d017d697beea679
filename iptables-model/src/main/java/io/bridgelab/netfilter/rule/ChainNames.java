package io.bridgelab.netfilter.rule;

/** The rules iptables applies to a chain name. */
public final class ChainNames {
    /** XT_EXTENSION_MAXNAMELEN is 29 bytes including the NUL. */
    public static final int MAX_LENGTH = 28;

    private ChainNames() {
    }

    public static void check(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("chain name must be 1.." + MAX_LENGTH + " characters: '" + name + "'");
        }
        if (name.startsWith("-") || name.startsWith("!")) {
            throw new IllegalArgumentException("chain name cannot start with '-' or '!': '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("invalid character in chain name '" + name + "'");
            }
        }
    }
}
