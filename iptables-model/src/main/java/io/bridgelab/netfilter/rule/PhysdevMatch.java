package io.bridgelab.netfilter.rule;

/**
 * {@code -m physdev}: the bridge ports of a bridged frame (br_netfilter). {@code -i}/{@code -o} name the
 * bridge itself; only this module sees the ports.
 */
public record PhysdevMatch(Negatable<InterfaceName> physdevIn, Negatable<InterfaceName> physdevOut,
                           FlagOption isIn, FlagOption isOut, FlagOption isBridged) implements Match {
    public PhysdevMatch {
        isIn = isIn == null ? FlagOption.ABSENT : isIn;
        isOut = isOut == null ? FlagOption.ABSENT : isOut;
        isBridged = isBridged == null ? FlagOption.ABSENT : isBridged;
    }

    @Override
    public String module() {
        return "physdev";
    }
}
