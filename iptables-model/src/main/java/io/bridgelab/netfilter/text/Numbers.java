package io.bridgelab.netfilter.text;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Number syntax as xtables_strtoul takes it: decimal, {@code 0x} hex or leading-zero octal. */
final class Numbers {
    private Numbers() {
    }

    /** A value 0..max, or empty if the text is not such a number. */
    static OptionalInt unsigned(String text, int max) {
        OptionalLong v = unsignedLong(text, max);
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong unsignedLong(String text, long max) {
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        int radix = 10;
        String digits = text;
        if (text.startsWith("0x") || text.startsWith("0X")) {
            radix = 16;
            digits = text.substring(2);
        } else if (text.length() > 1 && text.charAt(0) == '0') {
            radix = 8;
            digits = text.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 20) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return OptionalLong.empty();
            }
            value = value * radix + d;
            if (value > max || value < 0) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(value);
    }

    /** A strictly decimal counter value (iptables-save prints unsigned 64-bit; we keep signed 63-bit). */
    static OptionalLong counter(String text) {
        if (text.isEmpty() || text.length() > 19) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
