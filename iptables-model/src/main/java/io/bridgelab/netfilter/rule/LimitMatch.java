package io.bridgelab.netfilter.rule;

/**
 * {@code -m limit --limit RATE --limit-burst N}: a token bucket that lets a rule match at most {@code burst} packets
 * at once and then one every period. Held as iptables holds it (libxt_limit's {@code struct xt_rateinfo}): the
 * period between packets in 1/10000 s ({@code avg}, what {@code --limit 3/min} parses to: 10000 * 60 / 3) and the
 * burst. iptables-nft hands it to the kernel as nftables' own {@code limit} expression ({@link #nftRate},
 * {@link #nftUnitSeconds}), whose bucket the evaluator keeps.
 *
 * @param avg   the period in 1/10000 s, 1..2^32-1 ({@code --limit 3/hour}, the default, is 36000000 / 3)
 * @param burst how many packets an idle rule lets through at once, 1..10000 (default 5; nftables takes 0 for 5,
 *              and so does this record's parser)
 */
public record LimitMatch(long avg, int burst) implements Match {
    /** libxt_limit's XT_LIMIT_SCALE: the period's unit is 1/10000 s. */
    public static final long SCALE = 10_000;
    /** The default rate, 3/hour. */
    public static final long DEFAULT_AVG = SCALE * 60 * 60 / 3;
    /** The default burst (XT_LIMIT_BURST, NFT_LIMIT_PKT_BURST_DEFAULT). */
    public static final int DEFAULT_BURST = 5;
    /** The largest burst iptables takes. */
    public static final int MAX_BURST = 10_000;

    /** The units iptables prints a rate in, largest first: day, hour, min, sec (their periods in 1/10000 s). */
    private static final long[] UNIT_SCALE = {SCALE * 24 * 60 * 60, SCALE * 60 * 60, SCALE * 60, SCALE};
    private static final String[] UNIT_NAME = {"day", "hour", "min", "sec"};

    public LimitMatch {
        if (avg < 1 || avg > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("limit: period " + avg + " is outside 1..2^32-1");
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("limit: burst " + burst + " is outside 1.." + MAX_BURST);
        }
    }

    @Override
    public String module() {
        return "limit";
    }

    /**
     * The unit iptables prints the rate in (print_rate, and iptables-nft's add_nft_limit alike): the smallest of day,
     * hour, min and sec whose count stays a whole number well enough, as an index into the units.
     */
    private int unitIndex() {
        int i = 1;
        for (; i < UNIT_SCALE.length; i++) {
            if (avg > UNIT_SCALE[i] || UNIT_SCALE[i] / avg < UNIT_SCALE[i] % avg) {
                break;
            }
        }
        return i - 1;
    }

    /** The rate as iptables prints it: {@code 3/min}. */
    public String rateText() {
        int u = unitIndex();
        return UNIT_SCALE[u] / avg + "/" + UNIT_NAME[u];
    }

    /** Packets per unit, as iptables-nft gives the kernel's {@code limit rate N/unit}. */
    public long nftRate() {
        return UNIT_SCALE[unitIndex()] / avg;
    }

    /** The unit in seconds. */
    public long nftUnitSeconds() {
        return UNIT_SCALE[unitIndex()] / SCALE;
    }
}
