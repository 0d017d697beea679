package io.bridgelab.netfilter.rule;

/**
 * Conntrack states as {@code --ctstate}/{@code --state} name them. SNAT and DNAT are the virtual states
 * of a connection whose binding changes the source or destination. Declared in the order iptables prints
 * them (libxt_conntrack's bit order), so every listing and every explanation agrees with the real tools.
 */
public enum CtState {
    INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT, DNAT
}
