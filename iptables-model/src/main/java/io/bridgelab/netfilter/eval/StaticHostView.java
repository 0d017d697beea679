package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed host: interfaces with addresses and one default gateway. Addresses on interfaces and 127/8
 * (on {@code lo}) are LOCAL, each subnet's broadcast and 255.255.255.255 BROADCAST, 224/4 MULTICAST,
 * everything else UNICAST, as the kernel's local table has them for such a host.
 */
public final class StaticHostView implements HostView {
    private final Map<String, List<InterfaceAddress>> interfaces;
    private final Ipv4Address defaultGateway;
    /** Local address -> its interface: addrtype is asked for every packet, so this is one lookup. */
    private final Map<Ipv4Address, String> local = new HashMap<>();

    public StaticHostView(Map<String, List<InterfaceAddress>> interfaces, Ipv4Address defaultGateway) {
        this.interfaces = new LinkedHashMap<>(interfaces);
        this.interfaces.replaceAll((k, v) -> List.copyOf(v));
        this.defaultGateway = defaultGateway;
        this.interfaces.forEach((name, addrs) -> addrs.forEach(a -> local.putIfAbsent(a.address(), name)));
    }

    public Map<String, List<InterfaceAddress>> interfaces() {
        return Map.copyOf(interfaces);
    }

    public Ipv4Address defaultGateway() {
        return defaultGateway;
    }

    @Override
    public AddressType addressType(Ipv4Address address, String device) {
        String owner = local.get(address);
        if (owner != null) {
            return device == null || device.equals(owner) ? AddressType.LOCAL : AddressType.UNICAST;
        }
        if (address.equals(Ipv4Address.BROADCAST) || address.equals(Ipv4Address.ANY)) {
            return AddressType.BROADCAST;
        }
        if (address.isMulticast()) {
            return AddressType.MULTICAST;
        }
        if (address.isLoopback()) {
            return device == null || device.equals("lo") ? AddressType.LOCAL : AddressType.UNICAST;
        }
        for (Map.Entry<String, List<InterfaceAddress>> e : interfaces.entrySet()) {
            for (InterfaceAddress a : e.getValue()) {
                boolean onDevice = device == null || device.equals(e.getKey());
                Cidr subnet = a.subnet();
                if (a.prefixLength() < 31 && subnet.broadcast().equals(address)) {
                    return onDevice ? AddressType.BROADCAST : AddressType.UNICAST;
                }
            }
        }
        return AddressType.UNICAST;
    }

    @Override
    public List<InterfaceAddress> addresses(String device) {
        return device == null ? List.of() : interfaces.getOrDefault(device, List.of());
    }

    @Override
    public Ipv4Address nextHop(Ipv4Address destination, String outDevice) {
        for (InterfaceAddress a : addresses(outDevice)) {
            if (a.subnet().contains(destination)) {
                return destination;
            }
        }
        return defaultGateway == null ? destination : defaultGateway;
    }

    /** Every route of this fixed host is an Ethernet interface's: 1500 bytes. */
    @Override
    public int routeMtu(Ipv4Address destination) {
        return 1500;
    }
}
