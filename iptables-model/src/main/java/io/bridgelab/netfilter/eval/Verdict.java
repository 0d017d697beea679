package io.bridgelab.netfilter.eval;

/** What a hook decided: the packet goes on, or it is gone (DROP, REJECT, or a NAT failure). */
public enum Verdict {
    ACCEPT, DROP
}
