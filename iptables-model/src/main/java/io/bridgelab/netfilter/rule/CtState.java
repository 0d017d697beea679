package io.bridgelab.netfilter.rule;

/**
 * Conntrack states as {@code --ctstate}/{@code --state} name them. SNAT and DNAT are the virtual states
 * of a connection whose binding changes the source or destination.
 */
public enum CtState {
    INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT
}
