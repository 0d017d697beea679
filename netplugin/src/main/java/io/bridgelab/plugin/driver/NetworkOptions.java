package io.bridgelab.plugin.driver;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.ipam.InterfaceAddress;
import java.util.Map;

/**
 * The bridge-driver options of a network, read from CreateNetwork's {@code Options}: the user's {@code -o}
 * map under {@code com.docker.network.generic} plus {@code com.docker.network.internal}. Values come as
 * strings from the CLI and are parsed as Docker does (Go's strconv.ParseBool for booleans).
 */
public record NetworkOptions(String bridgeName, boolean icc, boolean masquerade, String hostBindingIpv4,
                             int mtu, String ifacePrefix, boolean internal) {
    public static final String GENERIC = "com.docker.network.generic";
    public static final String BRIDGE_NAME = "com.docker.network.bridge.name";
    public static final String ICC = "com.docker.network.bridge.enable_icc";
    public static final String MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String HOST_BINDING = "com.docker.network.bridge.host_binding_ipv4";
    public static final String MTU = "com.docker.network.driver.mtu";
    public static final String IFACE_PREFIX = "com.docker.network.container_iface_prefix";
    public static final String INTERNAL = "com.docker.network.internal";
    public static final String IPV6 = "com.docker.network.enable_ipv6";

    /** Parses the options of network {@code networkId}; the default bridge name is br- and 12 id characters. */
    public static NetworkOptions parse(String networkId, Map<String, Object> options) {
        Map<?, ?> generic = Map.of();
        Object g = options.get(GENERIC);
        if (g instanceof Map<?, ?> m) {
            generic = m;
        } else if (g != null) {
            throw new DriverException("option " + GENERIC + " must be an object, got " + g);
        }
        if (bool(options.get(IPV6), IPV6, false)) {
            throw new DriverException("netplugin networks are IPv4 only; create the network without --ipv6");
        }
        String bridge = string(generic.get(BRIDGE_NAME));
        if (bridge == null || bridge.isEmpty()) {
            bridge = "br-" + (networkId.length() > 12 ? networkId.substring(0, 12) : networkId);
        }
        Names.bridge(bridge);
        String hostIp = string(generic.get(HOST_BINDING));
        if (hostIp != null && !hostIp.isEmpty()) {
            Ipv4Address a = InterfaceAddress.parseAddress(hostIp, HOST_BINDING);
            hostIp = a.equals(Ipv4Address.ANY) ? null : a.toString();
        } else {
            hostIp = null;
        }
        int mtu = 1500;
        String mtuText = string(generic.get(MTU));
        if (mtuText != null && !mtuText.isEmpty()) {
            try {
                mtu = Integer.parseInt(mtuText);
            } catch (NumberFormatException e) {
                throw new DriverException(MTU + " '" + mtuText + "' is not a number");
            }
            if (mtu < 68 || mtu > 65535) {
                throw new DriverException(MTU + " " + mtu + " is outside 68..65535");
            }
        }
        String prefix = string(generic.get(IFACE_PREFIX));
        if (prefix == null || prefix.isEmpty()) {
            prefix = "eth";
        } else if (prefix.length() > 10 || !prefix.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
            throw new DriverException(IFACE_PREFIX + " '" + prefix + "' must be 1..10 letters");
        }
        return new NetworkOptions(bridge,
                bool(generic.get(ICC), ICC, true),
                bool(generic.get(MASQUERADE), MASQUERADE, true),
                hostIp, mtu, prefix,
                bool(options.get(INTERNAL), INTERNAL, false) || bool(generic.get(INTERNAL), INTERNAL, false));
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    /** Go's strconv.ParseBool, which Docker uses for these options. */
    static boolean bool(Object value, String name, boolean dflt) {
        if (value == null) {
            return dflt;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = value.toString();
        switch (s) {
            case "1", "t", "T", "TRUE", "true", "True":
                return true;
            case "0", "f", "F", "FALSE", "false", "False":
                return false;
            case "":
                return dflt;
            default:
                throw new DriverException("option " + name + " '" + s + "' is not a boolean (true or false)");
        }
    }
}
