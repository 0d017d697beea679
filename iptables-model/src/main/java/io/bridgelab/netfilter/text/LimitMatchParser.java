package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;

import java.util.Locale;

/** {@code -m limit}: libxt_limit's options and words (iptables 1.8.9). */
final class LimitMatchParser extends MatchParser {
    private long avg = LimitMatch.DEFAULT_AVG;
    private int burst = LimitMatch.DEFAULT_BURST;

    LimitMatchParser(Token origin) {
        super(origin);
    }

    @Override
    String module() {
        return "limit";
    }

    @Override
    boolean accepts(String option) {
        return option.equals("--limit") || option.equals("--limit-burst");
    }

    @Override
    void option(Token option, boolean negated, Cursor cursor) throws ParseException {
        once(option);
        if (negated) {
            throw ParseException.at(option, "limit: option \"" + option.text() + "\" cannot be inverted.");
        }
        Token value = cursor.argument(option);
        if (option.text().equals("--limit")) {
            avg = period(value);
        } else {
            long b = unsigned(value.text());
            if (b < 0 || b > LimitMatch.MAX_BURST) {
                throw ParseException.at(value, "limit: bad value for option \"--limit-burst\", or out of range (0-"
                        + LimitMatch.MAX_BURST + ").");
            }
            // nftables' limit takes a burst of 0 for its default (nft_limit_init), and lists it back so.
            burst = b == 0 ? LimitMatch.DEFAULT_BURST : (int) b;
        }
    }

    @Override
    Match build(Negatable<Integer> protocol) {
        return new LimitMatch(avg, burst);
    }

    /**
     * libxt_limit's parse_rate: {@code N[/second|/minute|/hour|/day]}, the unit any leading part of its name in any
     * case, N read as atoi reads it (digits after an optional sign, the rest ignored: {@code 3x/sec} is 3/sec);
     * seconds without a unit. The period is 10000 * unit / N in 32-bit arithmetic, 0 being "too fast".
     */
    private static long period(Token value) throws ParseException {
        String text = value.text();
        int slash = text.indexOf('/');
        long unit = 1;
        if (slash >= 0) {
            String name = text.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw badRate(value);
            } else if ("second".startsWith(name)) {
                unit = 1;
            } else if ("minute".startsWith(name)) {
                unit = 60;
            } else if ("hour".startsWith(name)) {
                unit = 60 * 60;
            } else if ("day".startsWith(name)) {
                unit = 24 * 60 * 60;
            } else {
                throw badRate(value);
            }
        }
        long r = atoi(text) & 0xFFFF_FFFFL;
        if (r == 0) {
            throw badRate(value);
        }
        long avg = LimitMatch.SCALE * unit / r;
        if (avg == 0) {
            throw ParseException.at(value, "Rate too fast \"" + text + "\"");
        }
        return avg;
    }

    private static ParseException badRate(Token value) {
        return ParseException.at(value, "bad rate \"" + value.text() + "\"'");
    }

    /** C's atoi (glibc: (int) strtol, which saturates): sign and leading digits, 0 when there are none. */
    static int atoi(String text) {
        int i = 0;
        boolean minus = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            minus = text.charAt(i) == '-';
            i++;
        }
        long v = 0;
        boolean saturated = false;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                saturated = true;
            } else {
                v = v * 10 + (text.charAt(i) - '0');
            }
        }
        long l = saturated ? (minus ? Long.MIN_VALUE : Long.MAX_VALUE) : (minus ? -v : v);
        return (int) l;
    }

    /**
     * xtables_strtoui: an unsigned number in C's notation (decimal, 0x hex, 0 octal), the whole text; -1 when it
     * is none.
     */
    private static long unsigned(String text) {
        try {
            int radix = 10;
            String digits = text;
            if (text.startsWith("0x") || text.startsWith("0X")) {
                radix = 16;
                digits = text.substring(2);
            } else if (text.length() > 1 && text.startsWith("0")) {
                radix = 8;
                digits = text.substring(1);
            }
            if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
                return -1;
            }
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
