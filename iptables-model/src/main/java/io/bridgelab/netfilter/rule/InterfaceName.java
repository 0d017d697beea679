package io.bridgelab.netfilter.rule;

/**
 * An interface name as {@code -i}/{@code -o} take it: exact, or ending in {@code +} to match every name
 * with that prefix ({@code veth+}); a lone {@code +} matches any interface.
 */
public record InterfaceName(String pattern) {
    /** IFNAMSIZ is 16 including the terminating NUL. */
    public static final int MAX_LENGTH = 15;

    public InterfaceName {
        if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("interface name must be 1.." + MAX_LENGTH + " characters: '"
                    + pattern + "'");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("invalid character in interface name '" + pattern + "'");
            }
        }
    }

    public boolean isWildcard() {
        return pattern.endsWith("+");
    }

    /** Whether {@code name} (possibly null for "no interface") matches; no interface never matches. */
    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        if (isWildcard()) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return name.equals(pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
