package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RoutingRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A namespace's {@code ip_rules:}, each added as {@code ip rule add} adds it to a fresh namespace's three rules
 * (0 lookup local, 32766 lookup main, 32767 lookup default).
 */
final class IpRules {
    private IpRules() {
    }

    static List<RoutingRule> read(YamlNode.Mapping m, String node, List<InterfaceSpec> interfaces)
            throws ScenarioFileException {
        List<RoutingRule> rules = new ArrayList<>(RoutingRule.DEFAULTS);
        for (YamlNode.Mapping r : m.mappings("ip_rules")) {
            r.onlyKeys(Set.of("priority", "not", "from", "to", "iif", "fwmark", "lookup", "action",
                    "suppress_prefixlength"));
            String iif = r.text("iif", null);
            if (iif != null && !iif.equals("lo") && interfaces.stream().noneMatch(i -> i.name().equals(iif))) {
                throw ScenarioFileException.at(r.get("iif"), "no interface '" + iif + "' in namespace " + node);
            }
            RoutingRule.Action action = action(r);
            RouteTable table = null;
            if (action == RoutingRule.Action.LOOKUP) {
                if (!r.has("lookup")) {
                    throw ScenarioFileException.at(r, "a rule needs 'lookup: TABLE' or an 'action' (blackhole,"
                            + " unreachable, prohibit)");
                }
                table = Routes.tableOf(YamlNode.scalar(r.get("lookup")));
            }
            long[] mark = fwmark(r);
            int suppress = r.integer("suppress_prefixlength", -1, 0, 32);
            if (suppress >= 0 && action != RoutingRule.Action.LOOKUP) {
                throw ScenarioFileException.at(r.get("suppress_prefixlength"), "suppress_prefixlength is for a rule"
                        + " that looks a table up");
            }
            long priority = r.has("priority") ? r.integer("priority", 0, 0, Integer.MAX_VALUE)
                    : defaultPriority(rules);
            rules.add(new RoutingRule(priority, r.bool("not", false), prefix(r, "from"), prefix(r, "to"), iif, null,
                    mark[0], mark[1], action, table, suppress));
            rules.sort(Comparator.comparingLong(RoutingRule::priority));
        }
        return rules;
    }

    private static RoutingRule.Action action(YamlNode.Mapping r) throws ScenarioFileException {
        if (!r.has("action")) {
            return RoutingRule.Action.LOOKUP;
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get("action"));
        if (r.has("lookup")) {
            throw ScenarioFileException.at(s, "a rule either looks a table up or has an action, not both");
        }
        return switch (s.text().toLowerCase(Locale.ROOT)) {
            case "blackhole" -> RoutingRule.Action.BLACKHOLE;
            case "unreachable" -> RoutingRule.Action.UNREACHABLE;
            case "prohibit" -> RoutingRule.Action.PROHIBIT;
            default -> throw ScenarioFileException.at(s, "rule action '" + s.text() + "' is not one of blackhole,"
                    + " unreachable, prohibit (or give 'lookup TABLE')");
        };
    }

    /** {@code fwmark: 0x1} or {@code 0x1/0xff} (decimal too): the mark and its mask (all ones without one). */
    private static long[] fwmark(YamlNode.Mapping r) throws ScenarioFileException {
        if (!r.has("fwmark")) {
            return new long[] {0, 0};
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get("fwmark"));
        String[] parts = s.text().split("/", -1);
        if (parts.length > 2) {
            throw ScenarioFileException.at(s, "fwmark is MARK or MARK/MASK, got '" + s.text() + "'");
        }
        return new long[] {mark(s, parts[0]), parts.length == 2 ? mark(s, parts[1]) : 0xffff_ffffL};
    }

    private static long mark(YamlNode.Scalar s, String text) throws ScenarioFileException {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v >= 0 && v <= 0xffff_ffffL) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ScenarioFileException.at(s, "not a 32-bit mark: '" + text + "' (decimal or 0x hex)");
    }

    private static Cidr prefix(YamlNode.Mapping r, String key) throws ScenarioFileException {
        if (!r.has(key)) {
            return null;
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get(key));
        if (s.text().equals("all")) {
            return null;
        }
        // An address alone is a /32, as ip rule takes it.
        Cidr c = s.text().contains("/") || s.text().equals("default") ? Values.cidr(s) : Cidr.host(Values.ipv4(s));
        return c.prefixLength() == 0 ? null : c;
    }

    /** fib_default_rule_pref: a rule added without a priority gets the second rule's priority minus one. */
    private static long defaultPriority(List<RoutingRule> rules) {
        return rules.size() > 1 && rules.get(1).priority() > 0 ? rules.get(1).priority() - 1 : 0;
    }
}
