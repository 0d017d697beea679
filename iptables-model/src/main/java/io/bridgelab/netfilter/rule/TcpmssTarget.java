package io.bridgelab.netfilter.rule;

/**
 * {@code -j TCPMSS --set-mss N} or {@code --clamp-mss-to-pmtu}: lowers the MSS option of the TCP segments it is given
 * (a rule usually gives it only SYNs: {@code --tcp-flags SYN,RST SYN}), never raises it. Clamping takes the path's
 * MTU less 40 bytes of headers, the smaller of the route's MTU and that of the route back to the sender
 * (xt_TCPMSS, tcpmss_reverse_mtu); it is allowed in FORWARD, OUTPUT and POSTROUTING only. A segment without an MSS
 * option and without data gets one, of at most 536 (RFC 879's default). Non-terminating; any table.
 *
 * @param mss the MSS to set, 0..65515, or {@link #CLAMP} for {@code --clamp-mss-to-pmtu}
 */
public record TcpmssTarget(int mss) implements Target {
    /** xt_TCPMSS's XT_TCPMSS_CLAMP_PMTU. */
    public static final int CLAMP = 0xffff;
    /** The largest MSS --set-mss takes (libxt_TCPMSS: 65535 - 20). */
    public static final int MAX_MSS = 65515;

    public TcpmssTarget {
        if (mss != CLAMP && (mss < 0 || mss > MAX_MSS)) {
            throw new IllegalArgumentException("TCPMSS: --set-mss " + mss + " is outside 0.." + MAX_MSS);
        }
    }

    public boolean clampToPmtu() {
        return mss == CLAMP;
    }

    @Override
    public String name() {
        return "TCPMSS";
    }
}
