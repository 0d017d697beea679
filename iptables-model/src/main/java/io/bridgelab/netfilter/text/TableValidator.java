package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.ChecksumTarget;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.PhysdevMatch;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpmssTarget;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks the kernel makes when a table is committed: jumps name existing user chains, no loop is
 * reachable from a built-in chain (nf_tables reports ELOOP, "Too many links"; loops among unreachable
 * chains are accepted, as the kernel does), and targets stay in their table and hooks. A user chain is
 * checked against every hook it is reachable from, as xt_check_target does; an unreachable user chain
 * only against its table.
 */
final class TableValidator {
    private TableValidator() {
    }

    /** Where a target may be used: its table (null: any) and the built-in chains (hooks), null meaning any hook. */
    private record Restriction(TableName table, Set<String> hooks, boolean builtinOnly) {
        Restriction(TableName table, Set<String> hooks) {
            this(table, hooks, false);
        }
    }

    static void validate(IptablesSaveParser.TableBuilder table) throws ParseException {
        checkJumpTargets(table);
        checkLoops(table);
        checkRestrictions(table, reachableHooks(table));
    }

    private static void checkJumpTargets(IptablesSaveParser.TableBuilder table) throws ParseException {
        for (List<RuleParser.Parsed> rules : table.parsed.values()) {
            for (RuleParser.Parsed p : rules) {
                if (p.jumpToken() == null) {
                    continue;
                }
                String target = p.jumpToken().text();
                if (table.name.isBuiltin(target)) {
                    throw ParseException.at(p.jumpToken(), "cannot jump to built-in chain " + target);
                }
                if (table.chain(target) == null) {
                    throw ParseException.at(p.jumpToken(), "Chain '" + target + "' does not exist (and no "
                            + "supported target has that name)");
                }
            }
        }
    }

    private static void checkLoops(IptablesSaveParser.TableBuilder table) throws ParseException {
        Set<String> done = new HashSet<>();
        for (String builtin : table.name.builtinChains()) {
            visit(table, builtin, new ArrayDeque<>(), done);
        }
    }

    private static void visit(IptablesSaveParser.TableBuilder table, String chain, Deque<String> path,
                              Set<String> done) throws ParseException {
        if (done.contains(chain)) {
            return;
        }
        path.push(chain);
        for (RuleParser.Parsed p : table.parsed.get(chain)) {
            if (p.jumpToken() == null) {
                continue;
            }
            String next = p.jumpToken().text();
            if (path.contains(next)) {
                throw ParseException.at(p.jumpToken(), "jump loop: " + next + " is already on the path "
                        + String.join(" <- ", path) + " (the kernel says: Too many links)");
            }
            visit(table, next, path, done);
        }
        path.pop();
        done.add(chain);
    }

    /** For each chain, the built-in chains (hooks) from which it can be reached. */
    private static Map<String, Set<String>> reachableHooks(IptablesSaveParser.TableBuilder table) {
        Map<String, Set<String>> hooks = new HashMap<>();
        for (String builtin : table.name.builtinChains()) {
            Deque<String> work = new ArrayDeque<>();
            work.add(builtin);
            while (!work.isEmpty()) {
                String chain = work.poll();
                if (!hooks.computeIfAbsent(chain, k -> new HashSet<>()).add(builtin)) {
                    continue;
                }
                for (RuleParser.Parsed p : table.parsed.get(chain)) {
                    if (p.jumpToken() != null) {
                        work.add(p.jumpToken().text());
                    }
                }
            }
        }
        return hooks;
    }

    private static Restriction restriction(Target target) {
        if (target instanceof Dnat || target instanceof Redirect) {
            return new Restriction(TableName.NAT, Set.of("PREROUTING", "OUTPUT"));
        } else if (target instanceof Snat) {
            return new Restriction(TableName.NAT, Set.of("POSTROUTING", "INPUT"));
        } else if (target instanceof Masquerade) {
            return new Restriction(TableName.NAT, Set.of("POSTROUTING"));
        } else if (target instanceof Reject) {
            return new Restriction(TableName.FILTER, Set.of("INPUT", "FORWARD", "OUTPUT"));
        } else if (target instanceof CtTarget) {
            return new Restriction(TableName.RAW, null);
        } else if (target instanceof ChecksumTarget) {
            return new Restriction(TableName.MANGLE, null);
        } else if (target instanceof TcpmssTarget t && t.clampToPmtu()) {
            // Any table, but only where a route is known (tcpmss_tg4_check); nf_tables checks it only for a rule in a
            // built-in chain (measured: a user chain that clamps may be reached from INPUT).
            return new Restriction(null, Set.of("FORWARD", "OUTPUT", "POSTROUTING"), true);
        }
        return null;
    }

    private static void checkRestrictions(IptablesSaveParser.TableBuilder table, Map<String, Set<String>> hooks)
            throws ParseException {
        for (Map.Entry<String, List<RuleParser.Parsed>> e : table.parsed.entrySet()) {
            for (RuleParser.Parsed p : e.getValue()) {
                checkMatches(p, e.getKey(), table.name.isBuiltin(e.getKey()) ? Set.of(e.getKey()) : Set.of());
                if (p.rule().target() instanceof Drop && table.name == TableName.NAT) {
                    // iptables itself refuses this before the kernel sees it.
                    throw ParseException.at(p.targetToken(), "The \"nat\" table is not intended for filtering, "
                            + "the use of DROP is therefore inhibited.");
                }
                Restriction r = p.rule().target() == null ? null : restriction(p.rule().target());
                if (r == null) {
                    continue;
                }
                String name = p.rule().target().name();
                Token at = p.targetToken();
                if (r.table() != null && r.table() != table.name) {
                    throw ParseException.at(at, name + " is only valid in the " + r.table().text()
                            + " table (the kernel refuses it: Invalid argument)");
                }
                if (r.hooks() == null) {
                    continue;
                }
                Set<String> reachedFrom = r.builtinOnly() ? (table.name.isBuiltin(e.getKey()) ? Set.of(e.getKey())
                        : Set.of()) : hooks.getOrDefault(e.getKey(), Set.of());
                for (String hook : reachedFrom) {
                    if (!r.hooks().contains(hook)) {
                        throw ParseException.at(at, name + " is only valid in " + String.join("/", sorted(r.hooks()))
                                + ", but chain " + e.getKey() + " is reached from " + hook
                                + " (the kernel refuses it: Invalid argument)");
                    }
                }
            }
        }
    }

    /**
     * Match checks the kernel makes per hook: physdev's output-side options need bridged traffic and are
     * refused in OUTPUT (xt_physdev), addrtype's interface limits need that side's interface
     * (xt_addrtype). Unlike target hooks, nf_tables checks these only for rules directly in a built-in
     * chain ({@code from} is empty for user chains): a user chain reached from OUTPUT may hold them.
     */
    private static void checkMatches(RuleParser.Parsed p, String chain, Set<String> from) throws ParseException {
        List<Match> matches = p.rule().matches();
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            String problem = null;
            if (m instanceof PhysdevMatch ph && (ph.physdevOut() != null || ph.isOut() != FlagOption.ABSENT)
                    && ph.isBridged() != FlagOption.SET && from.contains("OUTPUT")) {
                problem = "--physdev-out and --physdev-is-out only supported in the FORWARD and POSTROUTING "
                        + "chains with bridged traffic";
            } else if (m instanceof AddrtypeMatch a && a.limitIfaceIn()
                    && (from.contains("OUTPUT") || from.contains("POSTROUTING"))) {
                problem = "addrtype: input interface limitation not valid in POSTROUTING and OUTPUT";
            } else if (m instanceof AddrtypeMatch a && a.limitIfaceOut()
                    && (from.contains("PREROUTING") || from.contains("INPUT"))) {
                problem = "addrtype: output interface limitation not valid in PREROUTING and INPUT";
            }
            if (problem != null) {
                throw ParseException.at(p.matchTokens().get(i), problem + " (not in " + chain
                        + "; the kernel refuses it: Invalid argument)");
            }
        }
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
