package io.bridgelab.netfilter.rule;

/** Conntrack status bits as {@code --ctstatus} names them. */
public enum CtStatus {
    NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED
}
