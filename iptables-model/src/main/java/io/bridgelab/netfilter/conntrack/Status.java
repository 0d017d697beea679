package io.bridgelab.netfilter.conntrack;

/** Connection status bits, with the kernel's bit numbers ({@code enum ip_conntrack_status}). */
public enum Status {
    EXPECTED(0), SEEN_REPLY(1), ASSURED(2), CONFIRMED(3), SRC_NAT(4), DST_NAT(5), SEQ_ADJUST(6),
    SRC_NAT_DONE(7), DST_NAT_DONE(8), DYING(9), FIXED_TIMEOUT(10), TEMPLATE(11), UNTRACKED(12);

    private final int bit;

    Status(int bit) {
        this.bit = bit;
    }

    public int mask() {
        return 1 << bit;
    }
}
