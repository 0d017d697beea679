package io.bridgelab.netfilter.text;

/**
 * xtables_print_num: counters in {@code -L -v} listings. Up to 99999 the number itself; above, divided
 * by 1000 with rounding ({@code (n + 500) / 1000}) until it fits in four digits, with K, M, G or T
 * (T is never divided further). The arithmetic is unsigned 64-bit, as in C, so the rounding wraps at
 * the very top of the range exactly as the real command does.
 */
final class CounterFormat {
    private static final char[] UNITS = {'K', 'M', 'G'};

    private CounterFormat() {
    }

    /** The table cell: right-aligned in 5 columns (4 plus unit) and a trailing space. */
    static String cell(long number) {
        return format(number, true);
    }

    /** The chain header form: no padding, still with the trailing space. */
    static String plain(long number) {
        return format(number, false);
    }

    /** {@code -x}: the exact number right-aligned in 8 columns and a space (bytes too, unlike the header). */
    static String exactCell(long number) {
        return String.format("%8s ", Long.toUnsignedString(number));
    }

    private static String format(long number, boolean padded) {
        if (Long.compareUnsigned(number, 99999) <= 0) {
            return padded ? String.format("%5s ", Long.toUnsignedString(number)) : Long.toUnsignedString(number) + " ";
        }
        long n = Long.divideUnsigned(number + 500, 1000);
        for (char unit : UNITS) {
            if (Long.compareUnsigned(n, 9999) <= 0) {
                return unit(n, unit, padded);
            }
            n = Long.divideUnsigned(n + 500, 1000);
        }
        return unit(n, 'T', padded);
    }

    private static String unit(long n, char unit, boolean padded) {
        String digits = Long.toUnsignedString(n);
        return (padded ? String.format("%4s", digits) : digits) + unit + " ";
    }
}
