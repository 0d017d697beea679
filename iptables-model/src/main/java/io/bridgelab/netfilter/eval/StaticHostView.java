package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed host: interfaces with addresses and one default gateway. Addresses on interfaces and 127/8
 * (on {@code lo}) are LOCAL, each subnet's broadcast and 255.255.255.255 BROADCAST, 224/4 MULTICAST,
 * everything else UNICAST, as the kernel's local table has them for such a host.
 */
public record StaticHostView(Map<String, List<InterfaceAddress>> interfaces, Ipv4Address defaultGateway)
        implements HostView {

    public StaticHostView {
        interfaces = new LinkedHashMap<>(interfaces);
        interfaces.replaceAll((k, v) -> List.copyOf(v));
    }

    @Override
    public AddressType addressType(Ipv4Address address, String device) {
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
                if (a.address().equals(address)) {
                    return onDevice ? AddressType.LOCAL : AddressType.UNICAST;
                }
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
}
