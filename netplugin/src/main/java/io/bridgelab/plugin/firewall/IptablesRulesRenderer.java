package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the rule shapes the plugin builds, in iptables-save's own spelling and option order (so the
 * text of a rule compares equal to the kernel's dump). A shape the plugin never builds is refused with an
 * exception rather than rendered wrongly.
 */
public final class IptablesRulesRenderer implements RulesRenderer {
    private static final List<CtState> CT_ORDER = List.of(CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT);

    @Override
    public String spec(Rule rule) {
        List<String> parts = new ArrayList<>();
        header(rule.header(), parts);
        for (Match m : rule.matches()) {
            match(m, parts);
        }
        if (rule.target() != null) {
            target(rule.target(), parts);
        }
        return String.join(" ", parts);
    }

    @Override
    public String changes(List<RuleEntry> entries, boolean enable) {
        List<RuleEntry> ordered = new ArrayList<>(entries);
        if (!enable) {
            Collections.reverse(ordered);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<TableName, List<RuleEntry>> t : byTable(ordered).entrySet()) {
            out.append('*').append(t.getKey().text()).append('\n');
            for (RuleEntry e : t.getValue()) {
                out.append(enable ? "-A " : "-D ").append(e.chain()).append(' ').append(spec(e.rule())).append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    @Override
    public String replaceOwned(List<RuleEntry> entries) {
        Map<TableName, List<RuleEntry>> grouped = byTable(entries);
        StringBuilder out = new StringBuilder();
        for (TableName table : OwnedChains.tables()) {
            out.append('*').append(table.text()).append('\n');
            for (String chain : OwnedChains.of(table)) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            for (RuleEntry e : grouped.getOrDefault(table, List.of())) {
                if (!OwnedChains.of(table).contains(e.chain())) {
                    throw new IllegalArgumentException("not an owned chain: " + table.text() + " " + e.chain());
                }
                out.append("-A ").append(e.chain()).append(' ').append(spec(e.rule())).append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    private static Map<TableName, List<RuleEntry>> byTable(List<RuleEntry> entries) {
        Map<TableName, List<RuleEntry>> m = new LinkedHashMap<>();
        for (RuleEntry e : entries) {
            m.computeIfAbsent(e.table(), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    private static void header(IpHeaderMatch h, List<String> parts) {
        neg(h.source(), "-s", parts);
        neg(h.destination(), "-d", parts);
        neg(h.inInterface(), "-i", parts);
        neg(h.outInterface(), "-o", parts);
        if (h.protocol() != null) {
            if (h.protocol().negated()) {
                parts.add("!");
            }
            parts.add("-p");
            parts.add(protocolName(h.protocol().value()));
        }
        if (h.fragment() != io.bridgelab.netfilter.rule.FragmentMatch.ANY) {
            throw new IllegalArgumentException("fragment matches are not rendered by the plugin");
        }
    }

    private static String protocolName(int p) {
        return switch (p) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            default -> Integer.toString(p);
        };
    }

    private static void neg(Negatable<?> n, String option, List<String> parts) {
        if (n == null) {
            return;
        }
        if (n.negated()) {
            parts.add("!");
        }
        parts.add(option);
        parts.add(n.value().toString());
    }

    private static void match(Match m, List<String> parts) {
        parts.add("-m");
        parts.add(m.module());
        if (m instanceof TcpMatch t) {
            if (t.sourcePort() != null || t.flags() != null || t.option() != null || t.destinationPort() == null) {
                throw new IllegalArgumentException("only tcp --dport is rendered by the plugin");
            }
            neg(t.destinationPort(), "--dport", parts);
        } else if (m instanceof UdpMatch u) {
            if (u.sourcePort() != null || u.destinationPort() == null) {
                throw new IllegalArgumentException("only udp --dport is rendered by the plugin");
            }
            neg(u.destinationPort(), "--dport", parts);
        } else if (m instanceof MultiportMatch mp) {
            if (mp.negated()) {
                parts.add("!");
            }
            parts.add(switch (mp.direction()) {
                case SOURCE -> "--sports";
                case DESTINATION -> "--dports";
                case EITHER -> "--ports";
            });
            parts.add(mp.ports().stream().map(Object::toString).collect(Collectors.joining(",")));
        } else if (m instanceof ConntrackMatch ct) {
            if (ct.state() == null) {
                throw new IllegalArgumentException("only conntrack --ctstate is rendered by the plugin");
            }
            if (ct.state().negated()) {
                parts.add("!");
            }
            parts.add("--ctstate");
            parts.add(states(ct.state().value()));
        } else if (m instanceof AddrtypeMatch a) {
            addrtype(a.sourceType(), "--src-type", parts);
            addrtype(a.destinationType(), "--dst-type", parts);
            if (a.limitIfaceIn()) {
                parts.add("--limit-iface-in");
            }
            if (a.limitIfaceOut()) {
                parts.add("--limit-iface-out");
            }
        } else if (m instanceof CommentMatch c) {
            parts.add("--comment");
            parts.add(quote(c.text()));
        } else {
            throw new IllegalArgumentException("match " + m.module() + " is not rendered by the plugin");
        }
    }

    private static String states(Set<CtState> states) {
        return CT_ORDER.stream().filter(states::contains).map(Enum::name).collect(Collectors.joining(","));
    }

    private static void addrtype(Negatable<Set<AddressType>> types, String option, List<String> parts) {
        if (types == null) {
            return;
        }
        if (types.negated()) {
            parts.add("!");
        }
        parts.add(option);
        EnumSet<AddressType> sorted = EnumSet.copyOf(types.value());
        parts.add(sorted.stream().map(Enum::name).collect(Collectors.joining(",")));
    }

    /** iptables-save (1.8, both backends) always double-quotes a comment, escaping quotes inside. */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void target(Target t, List<String> parts) {
        parts.add("-j");
        parts.add(t.name());
        if (t instanceof Masquerade m) {
            if (m.toPorts() != null || m.random() || m.randomFully()) {
                throw new IllegalArgumentException("only plain MASQUERADE is rendered by the plugin");
            }
        } else if (t instanceof Dnat d) {
            parts.add("--to-destination");
            parts.add(d.to().toString());
        } else if (!(t instanceof Accept || t instanceof Drop || t instanceof Return || t instanceof Jump)) {
            throw new IllegalArgumentException("target " + t.name() + " is not rendered by the plugin");
        }
    }
}
