package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.PortRange;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Parses the value syntaxes iptables options share, with errors pointing at the token. */
final class Values {
    private Values() {
    }

    /** A port number 0..65535 (service names are not supported: they depend on /etc/services). */
    static int port(Token token, String text) throws ParseException {
        OptionalInt p = text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 5
                ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        if (p.isEmpty() || p.getAsInt() > 65535) {
            throw ParseException.at(token, "invalid port/service `" + text + "' specified (want 0..65535)");
        }
        return p.getAsInt();
    }

    /** {@code P}, {@code P:Q}, {@code :Q} (from 0) or {@code P:} (to 65535), as tcp/udp/conntrack take it. */
    static PortRange portRange(Token token, String text, char separator) throws ParseException {
        int sep = text.indexOf(separator);
        if (sep < 0) {
            return PortRange.single(port(token, text));
        }
        String a = text.substring(0, sep);
        String b = text.substring(sep + 1);
        int first = a.isEmpty() ? 0 : port(token, a);
        int last = b.isEmpty() ? 65535 : port(token, b);
        if (first > last) {
            throw ParseException.at(token, "invalid portrange (min > max)");
        }
        return new PortRange(first, last);
    }

    static Cidr cidr(Token token) throws ParseException {
        try {
            return Cidr.parse(token.text());
        } catch (IllegalArgumentException e) {
            throw ParseException.at(token, "invalid address or mask: " + e.getMessage()
                    + " (host names are not resolved)");
        }
    }

    static Ipv4Address address(Token token, String text) throws ParseException {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw ParseException.at(token, "invalid IPv4 address `" + text + "'");
        }
    }

    /** {@code A} or {@code A-B} with A <= B. */
    static AddressRange addressRange(Token token, String text) throws ParseException {
        int dash = text.indexOf('-');
        if (dash < 0) {
            return AddressRange.single(address(token, text));
        }
        Ipv4Address first = address(token, text.substring(0, dash));
        Ipv4Address last = address(token, text.substring(dash + 1));
        if (first.compareTo(last) > 0) {
            throw ParseException.at(token, "address range " + text + " runs backwards");
        }
        return new AddressRange(first, last);
    }

    static InterfaceName iface(Token token) throws ParseException {
        if (token.text().length() > InterfaceName.MAX_LENGTH) {
            throw ParseException.at(token, "interface name `" + token.text()
                    + "' must be shorter than IFNAMSIZ (" + InterfaceName.MAX_LENGTH + ")");
        }
        try {
            return new InterfaceName(token.text());
        } catch (IllegalArgumentException e) {
            throw ParseException.at(token, e.getMessage());
        }
    }

    /** A 32-bit value in decimal, hex or octal. */
    static long u32(Token token, String text, String what) throws ParseException {
        OptionalLong v = Numbers.unsignedLong(text, 0xffff_ffffL);
        if (v.isEmpty()) {
            throw ParseException.at(token, "bad integer value for " + what + " `" + text
                    + "', or out of range (want 0..0xffffffff)");
        }
        return v.getAsLong();
    }

    /** {@code value[/mask]} with the mask defaulting to 0xffffffff: index 0 is the value, 1 the mask. */
    static long[] valueMask(Token token, String what) throws ParseException {
        String text = token.text();
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new long[] {u32(token, text, what), 0xffff_ffffL};
        }
        return new long[] {u32(token, text.substring(0, slash), what), u32(token, text.substring(slash + 1), what)};
    }
}
