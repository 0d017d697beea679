package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.conntrack.MasqueradeSource;
import io.bridgelab.netfilter.conntrack.NatMapping;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.Target;

import java.util.List;

/**
 * Turns a NAT target into the mapping conntrack binds: DNAT/SNAT take their ranges; MASQUERADE takes
 * the outgoing interface's address chosen for the next hop; REDIRECT the incoming interface's primary
 * address (127.0.0.1 for locally generated packets). Null means the kernel drops the packet (an
 * interface without an address).
 */
final class NatTargets {
    private static final Ipv4Address LOCALHOST = Ipv4Address.of(127, 0, 0, 1);

    private NatTargets() {
    }

    static NatMapping mapping(Target t, Packet packet, Hook hook, HostView host) {
        if (t instanceof Dnat || t instanceof Snat) {
            return fixed(t);
        }
        if (t instanceof Masquerade m) {
            String out = packet.metadata().outInterface();
            Ipv4Address nextHop = host.nextHop(packet.ip().destination(), out);
            Ipv4Address source = MasqueradeSource.select(host.addresses(out), nextHop);
            if (source == null) {
                return null;
            }
            return ports(source, m.toPorts(), m.random() || m.randomFully());
        }
        if (t instanceof Redirect r) {
            Ipv4Address to;
            if (hook == Hook.OUTPUT) {
                to = LOCALHOST;
            } else {
                List<InterfaceAddress> addrs = host.addresses(packet.metadata().inInterface());
                if (addrs.isEmpty()) {
                    return null;
                }
                to = addrs.get(0).address();
            }
            return ports(to, r.toPorts(), r.random());
        }
        throw new IllegalArgumentException("not a NAT target: " + t.name());
    }

    /** A DNAT's or SNAT's mapping, a function of the target alone; see {@link #FIXED}. */
    private static NatMapping fixed(Target t) {
        int slot = System.identityHashCode(t) & (FIXED.length - 1);
        Fixed f = FIXED[slot];
        if (f == null || f.target() != t) {
            NatMapping m = t instanceof Dnat d ? of(d.to(), d.random(), d.persistent())
                    : of(((Snat) t).to(), ((Snat) t).random() || ((Snat) t).randomFully(), ((Snat) t).persistent());
            f = new Fixed(t, m);
            FIXED[slot] = f;
        }
        return f.mapping();
    }

    private record Fixed(Target target, NatMapping mapping) {
    }

    /**
     * The mappings of recently used DNAT and SNAT targets, direct-mapped by the target object: a mapping is an
     * immutable value made from the target alone, and every new connection a rule binds asked for a fresh one.
     * Racy by design and safe: a slot holds an immutable (target, mapping) pair and a reference write is atomic.
     */
    private static final Fixed[] FIXED = new Fixed[256];

    private static NatMapping of(NatRange range, boolean random, boolean persistent) {
        Ipv4Address min = range.addresses() == null ? null : range.addresses().first();
        Ipv4Address max = range.addresses() == null ? null : range.addresses().last();
        PortRange p = range.ports();
        return new NatMapping(min, max, p == null ? -1 : p.first(), p == null ? -1 : p.last(), random, persistent);
    }

    private static NatMapping ports(Ipv4Address address, PortRange p, boolean random) {
        return new NatMapping(address, address, p == null ? -1 : p.first(), p == null ? -1 : p.last(), random, false);
    }
}
