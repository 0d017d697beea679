package io.bridgelab.netfilter.conntrack;

/**
 * Which half of the tuple a NAT binding rewrites ({@code enum nf_nat_manip_type}): SOURCE at
 * POSTROUTING and INPUT, DESTINATION at PREROUTING and OUTPUT.
 */
public enum NatManip {
    SOURCE, DESTINATION;

    public NatManip opposite() {
        return this == SOURCE ? DESTINATION : SOURCE;
    }

    /** The status bit that records a binding of this kind that changed the tuple. */
    Status natStatus() {
        return this == SOURCE ? Status.SRC_NAT : Status.DST_NAT;
    }

    /** The status bit that records that this kind of binding was chosen (null binding included). */
    Status doneStatus() {
        return this == SOURCE ? Status.SRC_NAT_DONE : Status.DST_NAT_DONE;
    }
}
