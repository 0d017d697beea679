package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.FragmentMatch;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import java.util.List;

/**
 * Renders {@code iptables -t TABLE -n -L [CHAIN]} with {@code -v} and {@code -x} as options, column for
 * column as iptables 1.8.9 prints them (print_header, print_rule_details, print_ifaces,
 * print_ipv4_addresses and each module's print function). A table the ruleset does not hold lists as
 * the kernel's empty table, since listing creates it.
 */
public final class ListingRenderer {
    /** {@code -v} adds counters and interfaces; {@code -x} prints exact counters instead of K/M/G units. */
    public record Options(boolean verbose, boolean exact) {
        public static final Options NL = new Options(false, false);
        public static final Options NVL = new Options(true, false);
        public static final Options NVXL = new Options(true, true);
    }

    private ListingRenderer() {
    }

    /** The whole table: every chain, separated by blank lines. */
    public static String list(Ruleset ruleset, TableName tableName, Options options) {
        Table table = ruleset.tableOrEmpty(tableName);
        StringBuilder s = new StringBuilder();
        boolean first = true;
        for (Chain chain : KernelOrder.chains(table)) {
            if (!first) {
                s.append('\n');
            }
            first = false;
            chain(s, table, chain, options);
        }
        return s.toString();
    }

    /** One chain ({@code -L CHAIN}); IllegalArgumentException if the table has no such chain. */
    public static String list(Ruleset ruleset, TableName tableName, String chainName, Options options) {
        Table table = ruleset.tableOrEmpty(tableName);
        for (Chain chain : KernelOrder.chains(table)) {
            if (chain.name().equals(chainName)) {
                StringBuilder s = new StringBuilder();
                chain(s, table, chain, options);
                return s.toString();
            }
        }
        throw new IllegalArgumentException("No chain/target/match by that name: " + chainName);
    }

    private static void chain(StringBuilder s, Table table, Chain chain, Options o) {
        s.append("Chain ").append(chain.name());
        if (chain.isBuiltin()) {
            s.append(" (policy ").append(chain.policy().name());
            if (o.verbose()) {
                long p = chain.policyCounters().packets();
                long b = chain.policyCounters().bytes();
                s.append(' ').append(o.exact() ? Long.toUnsignedString(p) + " " : CounterFormat.plain(p))
                        .append("packets, ").append(o.exact() ? Long.toUnsignedString(b) + " " : CounterFormat.plain(b))
                        .append("bytes");
            }
            s.append(")\n");
        } else {
            s.append(" (").append(references(table, chain.name())).append(" references)\n");
        }
        if (o.verbose()) {
            s.append(o.exact() ? String.format("%8s %10s ", "pkts", "bytes") : String.format("%5s %5s ", "pkts", "bytes"));
        }
        s.append(String.format("%-9s ", "target")).append(" prot ").append("opt");
        if (o.verbose()) {
            s.append(String.format(" %-6s ", "in")).append(String.format("%-6s ", "out"));
        }
        s.append(String.format(" %-19s ", "source")).append(String.format(" %-19s ", "destination")).append('\n');
        for (Rule rule : chain.rules()) {
            row(s, rule, o);
        }
    }

    private static int references(Table table, String chainName) {
        int n = 0;
        for (Chain c : table.chains()) {
            for (Rule r : c.rules()) {
                if ((r.target() instanceof Jump j && j.chain().equals(chainName))
                        || (r.target() instanceof Goto g && g.chain().equals(chainName))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void row(StringBuilder s, Rule rule, Options o) {
        IpHeaderMatch h = rule.header();
        if (o.verbose()) {
            if (o.exact()) {
                s.append(CounterFormat.exactCell(rule.counters().packets()))
                        .append(CounterFormat.exactCell(rule.counters().bytes()));
            } else {
                s.append(CounterFormat.cell(rule.counters().packets())).append(CounterFormat.cell(rule.counters().bytes()));
            }
        }
        s.append(String.format("%-9s ", TargetText.column(rule.target())));
        Negatable<Integer> p = h.protocol();
        s.append(p != null && p.negated() ? '!' : ' ');
        s.append(String.format("%-5s", p == null ? 0 : p.value()));
        s.append(h.fragment() == FragmentMatch.NOT_LATER_FRAGMENTS ? '!' : '-');
        s.append(h.fragment() == FragmentMatch.ANY ? '-' : 'f').append(' ');
        if (o.verbose()) {
            s.append(String.format(" %-6s ", iface(SaveText.anyInterface(h.inInterface()) ? null : h.inInterface())))
                    .append(String.format("%-6s ", iface(SaveText.anyInterface(h.outInterface()) ? null : h.outInterface())));
        }
        s.append(h.source() != null && h.source().negated() ? '!' : ' ')
                .append(String.format("%-19s ", address(h.source())));
        s.append(h.destination() != null && h.destination().negated() ? '!' : ' ')
                .append(String.format("%-19s ", address(h.destination())));
        if (rule.target() instanceof Goto) {
            s.append("[goto] ");
        }
        List<Match> matches = rule.matches();
        for (Match m : matches) {
            s.append(ListText.match(m));
        }
        s.append(TargetText.list(rule.target())).append('\n');
    }

    private static String iface(Negatable<InterfaceName> name) {
        return name == null ? "*" : (name.negated() ? "!" : "") + name.value().pattern();
    }

    /** {@code 0.0.0.0/0}, {@code 10.0.0.0/8}, or a bare address for /32. */
    private static String address(Negatable<Cidr> cidr) {
        if (cidr == null) {
            return "0.0.0.0/0";
        }
        Cidr c = cidr.value();
        return c.prefixLength() == 32 ? c.network().toString() : c.toString();
    }
}
