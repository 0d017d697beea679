package io.bridgelab.netfilter.rule;

import java.util.List;

/** {@code -m multiport --sports|--dports|--ports [!] p1,p2:p3,...} (at most 15 ports, a range counting two). */
public record MultiportMatch(Direction direction, List<PortRange> ports, boolean negated) implements Match {

    /** Which port the list applies to; {@code --ports} matches either. */
    public enum Direction { SOURCE, DESTINATION, EITHER }

    public MultiportMatch {
        if (direction == null || ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("multiport needs a direction and at least one port");
        }
        ports = List.copyOf(ports);
        int slots = 0;
        for (PortRange p : ports) {
            slots += p.isSingle() ? 1 : 2;
        }
        if (slots > 15) {
            throw new IllegalArgumentException("multiport takes at most 15 ports (a range counts two): " + slots);
        }
    }

    public boolean containsPort(int port) {
        for (PortRange p : ports) {
            if (p.contains(port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String module() {
        return "multiport";
    }
}
