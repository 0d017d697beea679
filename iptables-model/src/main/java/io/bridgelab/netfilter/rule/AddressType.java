package io.bridgelab.netfilter.rule;

/** Route types as {@code -m addrtype} names them (the kernel's RTN_* values). */
public enum AddressType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE
}
