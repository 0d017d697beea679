package io.bridgelab.netfilter.rule;

/**
 * A match module of a rule ({@code -m NAME ...}). Each record holds exactly the options iptables-save
 * prints for that module; evaluation lives in {@code io.bridgelab.netfilter.eval}, text in
 * {@code io.bridgelab.netfilter.text}. An option absent from the rule is null.
 */
public sealed interface Match permits TcpMatch, UdpMatch, IcmpMatch, MultiportMatch, AddrtypeMatch,
        ConntrackMatch, StateMatch, MarkMatch, CommentMatch, PhysdevMatch, IprangeMatch, SctpMatch, LimitMatch {

    /** The module name after {@code -m}. */
    String module();
}
