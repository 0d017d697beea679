package io.bridgelab.netfilter.conntrack;

/** The direction of a packet relative to its connection ({@code IP_CT_DIR_ORIGINAL/REPLY}). */
public enum Direction {
    ORIGINAL, REPLY;

    public Direction opposite() {
        return this == ORIGINAL ? REPLY : ORIGINAL;
    }
}
