package io.bridgelab.plugin.driver;

import io.bridgelab.plugin.api.DriverException;

/** Validation of the names that end up in kernel commands and interface names. */
public final class Names {
    /** IFNAMSIZ is 16 bytes including the NUL. */
    public static final int MAX_IFNAME = 15;

    private Names() {
    }

    /** A network or endpoint id as dockerd sends them (64 hex characters; tests use shorter). */
    public static String id(String id, String field) {
        if (id == null || id.isEmpty()) {
            throw new DriverException(field + " is missing");
        }
        if (id.length() > 128 || !id.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            throw new DriverException(field + " '" + abbreviate(id) + "' must be 1..128 letters or digits");
        }
        return id;
    }

    /**
     * A bridge name: 1..15 characters (the kernel's limit) of letters, digits, '-', '_' and '.', not "." or
     * "..". The kernel accepts more (anything but '/', ':' and spaces), but these are the names that are
     * safe in sysctl paths and in {@code ip -batch} lines.
     */
    public static String bridge(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_IFNAME) {
            throw new DriverException("bridge name '" + abbreviate(String.valueOf(name)) + "' must be 1.."
                    + MAX_IFNAME + " characters long");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new DriverException("bridge name '" + name + "' is reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))) {
                throw new DriverException("bridge name '" + name + "' has an invalid character '" + c
                        + "' at position " + (i + 1) + " (allowed: letters, digits, '-', '_', '.')");
            }
        }
        return name;
    }

    /** The first 12 characters of an id, as Docker prints them. */
    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
