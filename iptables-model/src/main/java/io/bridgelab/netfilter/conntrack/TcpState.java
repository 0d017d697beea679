package io.bridgelab.netfilter.conntrack;

/** TCP conntrack states in the kernel's order ({@code enum tcp_conntrack}); names as conntrack -L prints them. */
public enum TcpState {
    NONE, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE, SYN_SENT2
}
