package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;

/** Addresses, prefixes, MACs, protocols and endpoints written in a scenario file, checked where they stand. */
final class Values {
    private Values() {
    }

    static Ipv4Address ipv4(YamlNode n) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        try {
            return Ipv4Address.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, "expected an IPv4 address like 172.17.0.2: " + e.getMessage());
        }
    }

    /** {@code 172.17.0.0/16}, or {@code default} for 0.0.0.0/0. */
    static Cidr cidr(YamlNode n) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        if (s.text().equals("default")) {
            return Cidr.ANY;
        }
        try {
            return Cidr.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, "expected a prefix like 172.17.0.0/16 or 'default': " + e.getMessage());
        }
    }

    /**
     * An interface address with its prefix length, {@code 172.17.0.1/16}, and optionally its broadcast address as
     * {@code ip addr add} takes it: {@code 172.17.0.1/16 brd +} (the subnet's last address, as Docker sets it) or
     * {@code brd 172.17.255.255}.
     */
    static InterfaceAddress interfaceAddress(YamlNode n) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        String[] words = s.text().strip().split("\\s+");
        if (words.length != 1 && (words.length != 3 || !words[1].equals("brd"))) {
            throw ScenarioFileException.at(s, "expected ADDRESS/PREFIXLEN like 172.17.0.1/16, optionally followed by"
                    + " 'brd +' or 'brd ADDRESS', got '" + s.text() + "'");
        }
        InterfaceAddress address = interfaceAddress(s, words[0]);
        if (words.length == 1) {
            return address;
        }
        if (words[2].equals("+")) {
            return address.withSubnetBroadcast();
        }
        try {
            return new InterfaceAddress(address.address(), address.prefixLength(), Ipv4Address.parse(words[2]));
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, "expected 'brd +' or 'brd ADDRESS': " + e.getMessage());
        }
    }

    private static InterfaceAddress interfaceAddress(YamlNode.Scalar s, String t) throws ScenarioFileException {
        int slash = t.indexOf('/');
        String len = slash < 0 ? "" : t.substring(slash + 1);
        if (slash < 0 || len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw ScenarioFileException.at(s, "expected ADDRESS/PREFIXLEN like 172.17.0.1/16, got '" + t + "'");
        }
        try {
            return new InterfaceAddress(Ipv4Address.parse(t.substring(0, slash)), Integer.parseInt(len));
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, "expected ADDRESS/PREFIXLEN like 172.17.0.1/16: " + e.getMessage());
        }
    }

    static MacAddress mac(YamlNode n) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        try {
            return MacAddress.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, "expected a MAC address like 02:42:ac:11:00:02: " + e.getMessage());
        }
    }

    /**
     * An interface's own MAC: the kernel takes only a unicast, non-zero one (is_valid_ether_addr), so a
     * multicast, broadcast or all-zero MAC is refused as {@code ip link set IF address} refuses it.
     */
    static MacAddress interfaceMac(YamlNode n) throws ScenarioFileException {
        MacAddress mac = mac(n);
        String why = mac.isBroadcast() ? "the broadcast address" : mac.isMulticast() ? "a multicast address"
                : mac.equals(MacAddress.ZERO) ? "all zero" : null;
        if (why != null) {
            throw ScenarioFileException.at(n, mac + " is " + why + ", not an interface's unicast MAC (Linux: Cannot"
                    + " assign requested address)");
        }
        return mac;
    }

    /** tcp, udp or (when allowed) icmp. */
    static int protocol(YamlNode n, boolean icmp) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        return switch (s.text()) {
            case "tcp" -> IpProtocol.TCP;
            case "udp" -> IpProtocol.UDP;
            case "icmp" -> {
                if (!icmp) {
                    throw ScenarioFileException.at(s, "expected tcp or udp, got 'icmp'");
                }
                yield IpProtocol.ICMP;
            }
            default -> throw ScenarioFileException.at(s, "expected " + (icmp ? "tcp, udp or icmp" : "tcp or udp")
                    + ", got '" + s.text() + "'");
        };
    }

    /** {@code NAMESPACE:IFACE}. */
    static Endpoint endpoint(YamlNode n) throws ScenarioFileException {
        YamlNode.Scalar s = YamlNode.scalar(n);
        int colon = s.text().indexOf(':');
        if (colon < 1 || colon == s.text().length() - 1 || s.text().indexOf(':', colon + 1) >= 0) {
            throw ScenarioFileException.at(s, "expected NAMESPACE:INTERFACE like test1:eth0, got '" + s.text() + "'");
        }
        return new Endpoint(s.text().substring(0, colon), s.text().substring(colon + 1));
    }

    /**
     * A name of a namespace or an interface: what ip and the kernel accept (no blanks, '/' or ':'). "." and ".."
     * are refused by the kernel's dev_valid_name and by ip netns add (a namespace is a file in /run/netns).
     */
    static String name(YamlNode.Mapping m, String key, int maxLength) throws ScenarioFileException {
        String name = m.text(key);
        if (name.isEmpty() || name.length() > maxLength || !name.matches("[A-Za-z0-9_.@+-]+")) {
            throw ScenarioFileException.at(m.get(key), "'" + name + "' is not a valid name (1.." + maxLength
                    + " of letters, digits and _ . @ + -)");
        }
        if (name.equals(".") || name.equals("..")) {
            throw ScenarioFileException.at(m.get(key), "'" + name + "' is not a valid name (Linux refuses . and ..)");
        }
        return name;
    }
}
