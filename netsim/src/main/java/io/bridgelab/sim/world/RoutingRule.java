package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;

import java.util.List;
import java.util.Locale;

/**
 * One policy routing rule ({@code ip rule}): the kernel tries a namespace's rules by priority, lowest first; a rule
 * whose selector matches the lookup's flow either looks its table up (a route found ends the walk; none, or a {@code
 * throw} route, goes on to the next rule) or ends the walk with its action's error (fib_rules_lookup,
 * fib4_rule_action).
 *
 * @param priority             0 to 4294967295 ({@code pref})
 * @param not                  the selector is inverted ({@code not from ...})
 * @param from                 the flow's source must be in it; null for {@code from all}
 * @param to                   the flow's destination must be in it; null for any
 * @param iif                  the flow's input interface must be it ({@code lo} for what the node sends itself); null
 *                             for any
 * @param oif                  the interface the sending socket is bound to must be it; null for any
 * @param fwmark               the flow's mark, masked by {@code fwmask}, must equal it masked; 0 with mask 0 for any
 * @param fwmask               the mask of {@code fwmark} (0xffffffff when the rule gives a mark without one)
 * @param action               what a matching rule does
 * @param table                the table {@link Action#LOOKUP} consults; null for the other actions
 * @param suppressPrefixLength a route found by this rule whose prefix is this long or shorter is ignored, and the walk
 *                             goes on ({@code suppress_prefixlength}, as wg-quick uses it); -1 for none
 */
public record RoutingRule(long priority, boolean not, Cidr from, Cidr to, String iif, String oif, long fwmark,
                          long fwmask, Action action, RouteTable table, int suppressPrefixLength) {

    /** What a matching rule does. */
    public enum Action {
        /** {@code lookup TABLE}. */
        LOOKUP(null),
        /** {@code blackhole}: EINVAL, the packet is dropped without an answer. */
        BLACKHOLE(RouteType.BLACKHOLE),
        /** {@code unreachable}: ENETUNREACH, a forwarded packet is answered with ICMP net unreachable. */
        UNREACHABLE(RouteType.THROW),
        /** {@code prohibit}: EACCES, a forwarded packet is answered with ICMP communication administratively prohibited. */
        PROHIBIT(RouteType.PROHIBIT);

        private final RouteType failsAs;

        Action(RouteType failsAs) {
            this.failsAs = failsAs;
        }

        /**
         * The failing route type whose error this action ends a lookup with: the same errno, and the same answer from
         * ip_error (an {@code unreachable} rule's ENETUNREACH is a throw route's, not an unreachable route's
         * EHOSTUNREACH); null for {@link #LOOKUP}.
         */
        public RouteType failsAs() {
            return failsAs;
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rules of a fresh namespace: {@code 0: lookup local}, {@code 32766: lookup main}, {@code 32767: lookup default}. */
    public static final List<RoutingRule> DEFAULTS = List.of(lookup(0, RouteTable.LOCAL), lookup(32766, RouteTable.MAIN),
            lookup(32767, RouteTable.DEFAULT));

    public RoutingRule {
        if (priority < 0 || priority > 0xffff_ffffL) {
            throw new IllegalArgumentException("a rule's priority is 0 to 4294967295: " + priority);
        }
        if (action == null || (action == Action.LOOKUP) != (table != null)) {
            throw new IllegalArgumentException("a rule looks a table up, or has an action other than lookup");
        }
        if (fwmark < 0 || fwmark > 0xffff_ffffL || fwmask < 0 || fwmask > 0xffff_ffffL) {
            throw new IllegalArgumentException("fwmark and fwmask are 32 bits");
        }
        if (suppressPrefixLength < -1 || suppressPrefixLength > 32) {
            throw new IllegalArgumentException("suppress_prefixlength is 0 to 32: " + suppressPrefixLength);
        }
    }

    /** {@code PRIORITY: from all lookup TABLE}. */
    public static RoutingRule lookup(long priority, RouteTable table) {
        return new RoutingRule(priority, false, null, null, null, null, 0, 0, Action.LOOKUP, table, -1);
    }

    /**
     * Whether the rule's selector matches a lookup for {@code destination} from {@code source} (null: not chosen yet,
     * as in the first lookup of a socket that is not bound to an address: only {@code from all} matches it), coming in
     * on {@code iif}, by a socket bound to {@code oif} (null: none), with {@code mark} (fib_rule_match,
     * fib4_rule_match).
     */
    public boolean matches(int destination, Integer source, String iif, String oif, long mark) {
        boolean m = (this.iif == null || this.iif.equals(iif))
                && (this.oif == null || this.oif.equals(oif))
                && ((fwmark ^ mark) & fwmask) == 0
                && (from == null || source != null && (source & from.mask()) == from.network().bits())
                && (to == null || (destination & to.mask()) == to.network().bits());
        return m != not;
    }

    /** As {@code ip rule show} prints it, after {@code PRIORITY:\t}. */
    public String selectorAndAction() {
        StringBuilder sb = new StringBuilder();
        if (not) {
            sb.append("not ");
        }
        sb.append("from ").append(from == null ? "all" : text(from));
        if (to != null) {
            sb.append(" to ").append(text(to));
        }
        if (fwmask != 0) {
            sb.append(" fwmark 0x").append(Long.toHexString(fwmark));
            if (fwmask != 0xffff_ffffL) {
                sb.append("/0x").append(Long.toHexString(fwmask));
            }
        }
        if (iif != null) {
            sb.append(" iif ").append(iif);
        }
        if (oif != null) {
            sb.append(" oif ").append(oif);
        }
        sb.append(action == Action.LOOKUP ? " lookup " + table.text() : " " + action.text());
        if (suppressPrefixLength >= 0) {
            sb.append(" suppress_prefixlength ").append(suppressPrefixLength);
        }
        return sb.toString();
    }

    private static String text(Cidr c) {
        return c.prefixLength() == 32 ? c.network().toString() : c.toString();
    }

    /** {@code ip rule show}'s line: {@code PRIORITY:\tSELECTOR ACTION}. */
    @Override
    public String toString() {
        return priority + ":\t" + selectorAndAction();
    }
}
