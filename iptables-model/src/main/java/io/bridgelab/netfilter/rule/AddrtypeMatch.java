package io.bridgelab.netfilter.rule;

import java.util.Set;

/**
 * {@code -m addrtype}: the route type of the source or destination address in the namespace's routing
 * tables. {@code LOCAL} means the address is in the local table (any interface's address, 127/8, ...),
 * or with {@code --limit-iface-in/out} only the addresses of that packet's interface.
 */
public record AddrtypeMatch(Negatable<Set<AddressType>> sourceType, Negatable<Set<AddressType>> destinationType,
                            boolean limitIfaceIn, boolean limitIfaceOut) implements Match {

    public AddrtypeMatch {
        if (sourceType != null) {
            sourceType = new Negatable<>(Set.copyOf(sourceType.value()), sourceType.negated());
        }
        if (destinationType != null) {
            destinationType = new Negatable<>(Set.copyOf(destinationType.value()), destinationType.negated());
        }
        if (limitIfaceIn && limitIfaceOut) {
            throw new IllegalArgumentException("addrtype: --limit-iface-in and --limit-iface-out exclude each other");
        }
    }

    public static AddrtypeMatch destinationLocal() {
        return new AddrtypeMatch(null, Negatable.of(Set.of(AddressType.LOCAL)), false, false);
    }

    @Override
    public String module() {
        return "addrtype";
    }
}
