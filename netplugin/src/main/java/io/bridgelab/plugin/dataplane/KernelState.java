package io.bridgelab.plugin.dataplane;

import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.plugin.firewall.OwnedChains;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel holds that concerns the plugin: links carrying its alias, rules in its chains, and the
 * rules of other chains (the built-in hooks) that jump into its chains. Without those jumps the owned chains
 * see no packet, so they are observed too.
 */
public record KernelState(List<Link> links, List<RuleLine> rules, List<RuleLine> hookJumps) {
    private static final Pattern TARGET = Pattern.compile("(?:^|\\s)-[jg] (\\S+)");

    public KernelState {
        links = List.copyOf(links);
        rules = List.copyOf(rules);
        hookJumps = List.copyOf(hookJumps);
    }

    /**
     * The rules of {@code iptables-save} output, parsed, with {@code links}: those in owned chains, and the
     * others whose target ({@code -j} or {@code -g}) is an owned chain of their table.
     */
    public static KernelState of(List<Link> links, String iptablesSave) {
        List<RuleLine> owned = new ArrayList<>();
        List<RuleLine> jumps = new ArrayList<>();
        Map<TableName, List<String>> tables = LinuxDataplane.parseSave(iptablesSave);
        for (TableName table : OwnedChains.tables()) {
            for (String line : tables.getOrDefault(table, List.of())) {
                if (!line.startsWith("-A ")) {
                    continue;
                }
                String rest = line.substring(3);
                int sp = rest.indexOf(' ');
                String chain = sp < 0 ? rest : rest.substring(0, sp);
                RuleLine rule = new RuleLine(table, chain, sp < 0 ? "" : rest.substring(sp + 1));
                if (OwnedChains.of(table).contains(chain)) {
                    owned.add(rule);
                } else {
                    // The last one: iptables-save prints the target after every match (a comment may hold "-j").
                    String target = null;
                    for (Matcher m = TARGET.matcher(rule.spec()); m.find(); ) {
                        target = m.group(1);
                    }
                    if (target != null && OwnedChains.of(table).contains(target)) {
                        jumps.add(rule);
                    }
                }
            }
        }
        return new KernelState(links, owned, jumps);
    }

    /** A link: name, kind ("bridge", "veth"), alias (null if none), master bridge (null if none). */
    public record Link(String name, String kind, String alias, String master) {
    }

    /** A rule as iptables-save prints it after {@code -A CHAIN}. */
    public record RuleLine(TableName table, String chain, String spec) {
        @Override
        public String toString() {
            return table.text() + " -A " + chain + " " + spec;
        }
    }
}
