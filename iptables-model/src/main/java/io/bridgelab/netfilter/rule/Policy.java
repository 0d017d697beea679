package io.bridgelab.netfilter.rule;

/** The verdict of a built-in chain when no rule decides. */
public enum Policy {
    ACCEPT, DROP
}
