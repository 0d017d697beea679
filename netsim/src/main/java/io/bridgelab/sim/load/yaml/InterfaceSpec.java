package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One entry of a namespace's {@code interfaces:} as written, before its veth peer is known for sure (a pair
 * may be written on one side only).
 *
 * @param peer      the far end as written here, or null
 * @param peerNode  where {@code peer:} is written (for errors), or null
 * @param txChecksumOffload {@code ethtool -K IF tx on}: the device completes the TCP/UDP checksums a socket leaves
 *                  to it, so they leave (and are captured) partial
 * @param down      {@code state: down} ({@code ip link set IF down})
 * @param carrier   a tun's or tap's: a program holds it open
 */
record InterfaceSpec(YamlNode.Mapping at, String node, String name, Kind kind, int ifindex, MacAddress mac,
                     List<InterfaceAddress> addresses, Endpoint peer, YamlNode peerNode, String master,
                     boolean hairpin, boolean nfCallIptables, int ageingSeconds, boolean routeLocalnet,
                     boolean txChecksumOffload, int mtu, int txqlen, boolean down, boolean carrier) {

    /**
     * The kinds a file can declare; {@code lo} is always there and not declared. A tun (a VPN's device: no link
     * layer) and a tap (a VM's) lead out of the simulation ({@link OtherLink}).
     */
    enum Kind {
        VETH("veth"), WIRE("wire"), BRIDGE("bridge"), TUN("tun"), TAP("tap");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    static final Set<String> KEYS = Set.of("name", "kind", "ifindex", "mac", "addresses", "peer", "master", "hairpin",
            "nf_call_iptables", "ageing_time", "route_localnet", "tx_checksum_offload", "mtu", "txqueuelen", "state",
            "carrier");

    /** A tun's transmit queue length (tun.c: TUN_READQ_SIZE; a tap keeps ether_setup's 1000, measured). */
    static final int TUN_TXQLEN = 500;

    /** A tun's flags as {@code ip link} prints them (no UP and LOWER_UP: those are its state). */
    static final List<String> TUN_FLAGS = List.of("POINTOPOINT", "MULTICAST", "NOARP");

    /** A tap's. */
    static final List<String> TAP_FLAGS = List.of("BROADCAST", "MULTICAST");

    /** What {@code mtu} holds when the entry gives none: a bridge's is then its ports' smallest. */
    static final int MTU_UNSET = 0;

    /** Reads one entry; {@code defaultIfindex} is used when the entry gives none. */
    static InterfaceSpec read(String node, YamlNode.Mapping m, int defaultIfindex) throws ScenarioFileException {
        m.onlyKeys(KEYS);
        String name = Values.name(m, "name", 15);
        if (name.equals("lo")) {
            throw ScenarioFileException.at(m.get("name"), "lo is in every namespace already (127.0.0.1/8): do not"
                    + " declare it");
        }
        Kind kind = kind(m);
        int ifindex = m.integer("ifindex", defaultIfindex, 2, 1 << 20);
        MacAddress mac = m.has("mac") ? Values.interfaceMac(m.get("mac")) : derivedMac(node, name);
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (YamlNode a : m.list("addresses")) {
            InterfaceAddress address = Values.interfaceAddress(a);
            // The same address with another prefix length is a second address to the kernel; only the same
            // address and length again is refused, whatever its broadcast address.
            if (addresses.stream().anyMatch(o -> o.address().equals(address.address())
                    && o.prefixLength() == address.prefixLength())) {
                throw ScenarioFileException.at(a, address + " is on " + name + " already (ip addr add: RTNETLINK"
                        + " answers: File exists)");
            }
            addresses.add(address);
        }
        Endpoint peer = m.has("peer") ? Values.endpoint(m.get("peer")) : null;
        String master = m.text("master", null);
        boolean tunnel = kind == Kind.TUN || kind == Kind.TAP;
        if (tunnel) {
            for (String k : kind == Kind.TUN ? List.of("peer", "mac", "master", "hairpin") : List.of("peer")) {
                if (m.has(k)) {
                    throw ScenarioFileException.at(m.get(k), "'" + k + "' is not for " + kind.text + " " + name
                            + (k.equals("peer") ? ": what it sends leaves the simulation (the program holding it"
                            + " open is not simulated)" : ": a tun has no link layer"));
                }
            }
        } else if (m.has("carrier")) {
            throw ScenarioFileException.at(m.get("carrier"), "'carrier' is for tun and tap interfaces; " + name
                    + " is a " + kind.text);
        }
        boolean down = state(m);
        if (down && (kind == Kind.BRIDGE || master != null)) {
            throw ScenarioFileException.at(m.get("state"), "a " + (kind == Kind.BRIDGE ? "bridge" : "bridge port")
                    + " that is down is not modelled");
        }
        if (kind == Kind.BRIDGE) {
            for (String k : List.of("peer", "master", "hairpin")) {
                if (m.has(k)) {
                    throw ScenarioFileException.at(m.get(k), "'" + k + "' is for veth and wire interfaces, not for"
                            + " bridge " + name);
                }
            }
        } else {
            for (String k : List.of("nf_call_iptables", "ageing_time")) {
                if (m.has(k)) {
                    throw ScenarioFileException.at(m.get(k), "'" + k + "' is a bridge option; " + name + " is a "
                            + kind.text);
                }
            }
            if (m.has("hairpin") && master == null) {
                throw ScenarioFileException.at(m.get("hairpin"), "hairpin is a bridge port option: give 'master'"
                        + " too");
            }
        }
        return new InterfaceSpec(m, node, name, kind, ifindex, mac, addresses, peer, m.get("peer"), master,
                m.bool("hairpin", false), m.bool("nf_call_iptables", false),
                m.integer("ageing_time", Bridge.DEFAULT_AGEING_SECONDS, 0, 1_000_000),
                m.bool("route_localnet", false), m.bool("tx_checksum_offload", false),
                m.integer("mtu", kind == Kind.BRIDGE ? MTU_UNSET : NetInterface.ETHERNET_MTU, 68, 65535),
                m.integer("txqueuelen", kind == Kind.TUN ? TUN_TXQLEN : NetInterface.DEFAULT_TXQLEN, 0, 1 << 30), down,
                m.bool("carrier", true));
    }

    /** {@code state: up|down}, up when not given; true for down. */
    private static boolean state(YamlNode.Mapping m) throws ScenarioFileException {
        if (!m.has("state")) {
            return false;
        }
        YamlNode.Scalar s = YamlNode.scalar(m.get("state"));
        return switch (s.text()) {
            case "up" -> false;
            case "down" -> true;
            default -> throw ScenarioFileException.at(s, "expected up or down, got '" + s.text() + "'");
        };
    }

    private static Kind kind(YamlNode.Mapping m) throws ScenarioFileException {
        if (!m.has("kind")) {
            return Kind.VETH;
        }
        YamlNode.Scalar s = YamlNode.scalar(m.get("kind"));
        for (Kind k : Kind.values()) {
            if (k.text.equals(s.text())) {
                return k;
            }
        }
        throw ScenarioFileException.at(s, "expected veth, wire, bridge, tun or tap, got '" + s.text() + "'");
    }

    /**
     * A stable, locally administered MAC for an interface whose entry gives none, so the same file always
     * gives the same frames.
     */
    static MacAddress derivedMac(String node, String name) {
        long h = 1125899906842597L;
        for (char c : (node + "/" + name).toCharArray()) {
            h = 31 * h + c;
        }
        // 02:..: locally administered, unicast.
        return new MacAddress(0x02_00_0000_0000L | (h & 0xff_ffff_ffffL));
    }

    /** The interface, joined to {@code resolvedPeer} (null for bridges). */
    NetInterface build(Endpoint resolvedPeer) {
        BridgePort port = master == null ? null : new BridgePort(master, hairpin);
        return switch (kind) {
            case BRIDGE -> new Bridge(name, ifindex, mac, addresses, nfCallIptables, ageingSeconds,
                    mtu == MTU_UNSET ? NetInterface.ETHERNET_MTU : mtu, txqlen);
            case VETH -> new Veth(name, ifindex, mac, addresses, port, resolvedPeer, mtu, txqlen);
            case WIRE -> new Wire(name, ifindex, mac, addresses, port, resolvedPeer, mtu, txqlen);
            case TUN -> new OtherLink(name, ifindex, "tun", null, addresses, null, TUN_FLAGS, carrier, mtu, txqlen);
            case TAP -> new OtherLink(name, ifindex, "tap", mac, addresses, port, TAP_FLAGS, carrier, mtu, txqlen);
        };
    }
}
