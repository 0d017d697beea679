package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.ChainNames;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parses {@code iptables-save} text (with or without {@code -c} counters) into a {@link Ruleset}, accepting
 * what iptables-restore 1.8.9 accepts and refusing, with a {@link ParseException} at the offending token,
 * what it refuses: unknown tables, options, modules and targets, bad addresses and ports, jumps to
 * missing chains, jump loops reachable from a built-in chain, targets outside their table or hook, and a
 * missing COMMIT. Counters are always read ({@code [p:b]} prefixes, {@code -c p b}, chain counters).
 * The result holds tables and chains in the order the kernel lists them (see {@link KernelOrder}), so
 * two texts that load the same kernel state parse to equal rulesets.
 *
 * <p>Kernel quirks followed on purpose: a table given twice replaces the earlier one (iptables-restore
 * flushes it again); a chain declared twice is declared once; {@code :CHAIN POLICY} for a name that is
 * not a built-in of the table declares a user chain and ignores the policy (as iptables-nft-restore 1.8.9, Debian's
 * default, does; iptables-legacy-restore refuses it: "Can't set policy"); {@code -} as a built-in's
 * policy keeps ACCEPT. Besides {@code -A}, the commands {@code -N} and {@code -P} are understood; any
 * other command ({@code -I}, {@code -D}, {@code -X}, ...) is refused as unsupported.
 */
public final class IptablesSaveParser {
    private IptablesSaveParser() {
    }

    public static Ruleset parse(String text) throws ParseException {
        Ruleset ruleset = Ruleset.EMPTY;
        String[] lines = text.split("\n", -1);
        TableBuilder table = null;
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<Token> tokens = Tokenizer.split(line, lineNumber);
            Token first = tokens.get(0);
            if (first.text().startsWith("*") && !first.quoted()) {
                if (table != null) {
                    throw ParseException.at(first, "COMMIT expected before a new table (table "
                            + table.name.text() + " is still open)");
                }
                table = new TableBuilder(tableName(first, tokens));
            } else if (first.text().equals("COMMIT") && !first.quoted()) {
                if (table == null) {
                    throw ParseException.at(first, "COMMIT without a table");
                }
                if (tokens.size() > 1) {
                    throw ParseException.at(tokens.get(1), "Bad argument `" + tokens.get(1).text() + "'");
                }
                ruleset = ruleset.with(table.commit());
                table = null;
            } else if (table == null) {
                throw ParseException.at(first, "line outside a table: a '*table' line must come first");
            } else if (first.text().startsWith(":") && !first.quoted()) {
                declareChain(table, tokens);
            } else {
                try {
                    ruleLine(table, tokens);
                } catch (IllegalArgumentException e) {
                    // A model invariant the option parsers did not check first; still the user's input.
                    throw ParseException.at(first, "invalid rule: " + e.getMessage());
                }
            }
        }
        if (table != null) {
            throw new ParseException(lineNumber, 1, null, "COMMIT expected for table " + table.name.text());
        }
        return new Ruleset(KernelOrder.tables(ruleset));
    }

    private static TableName tableName(Token first, List<Token> tokens) throws ParseException {
        String name = first.text().substring(1);
        TableName t = TableName.fromText(name);
        if (t == null) {
            throw ParseException.at(first, "table name '" + name + "' invalid (want raw, mangle, nat, filter or "
                    + "security)");
        }
        if (tokens.size() > 1) {
            throw ParseException.at(tokens.get(1), "Bad argument `" + tokens.get(1).text() + "'");
        }
        return t;
    }

    private static void declareChain(TableBuilder table, List<Token> tokens) throws ParseException {
        Token nameToken = tokens.get(0);
        String name = nameToken.text().substring(1);
        Token nameOnly = new Token(name, nameToken.line(), nameToken.column() + 1, false);
        checkChainName(nameOnly);
        if (tokens.size() < 2) {
            throw ParseException.at(nameToken, "chain line needs a policy ('-' for a user chain)");
        }
        Token policyToken = tokens.get(1);
        Counters counters = Counters.ZERO;
        if (tokens.size() > 2) {
            counters = bracketCounters(tokens.get(2), "invalid policy counters for chain '" + name + "'");
        }
        if (tokens.size() > 3) {
            throw ParseException.at(tokens.get(3), "Bad argument `" + tokens.get(3).text() + "'");
        }
        if (table.name.isBuiltin(name)) {
            Policy policy = switch (policyToken.text()) {
                case "ACCEPT" -> Policy.ACCEPT;
                case "DROP" -> Policy.DROP;
                case "-" -> table.chain(name).policy();
                default -> throw ParseException.at(policyToken, "Bad policy name (want ACCEPT or DROP)");
            };
            table.chain(name).policy(policy).policyCounters(counters);
        } else if (table.chain(name) == null) {
            table.declare(Chain.builder(name, null));
        }
    }

    static void checkChainName(Token name) throws ParseException {
        if (name.text().length() > ChainNames.MAX_LENGTH) {
            throw ParseException.at(name, "chain name `" + name.text() + "' too long (must be under "
                    + (ChainNames.MAX_LENGTH + 1) + " chars)");
        }
        try {
            ChainNames.check(name.text());
        } catch (IllegalArgumentException e) {
            throw ParseException.at(name, e.getMessage());
        }
    }

    private static Counters bracketCounters(Token token, String message) throws ParseException {
        String t = token.text();
        int colon = t.indexOf(':');
        if (!t.startsWith("[") || !t.endsWith("]") || colon < 0) {
            throw ParseException.at(token, message + " (want [packets:bytes])");
        }
        OptionalLong p = Numbers.counter(t.substring(1, colon));
        OptionalLong b = Numbers.counter(t.substring(colon + 1, t.length() - 1));
        if (p.isEmpty() || b.isEmpty()) {
            throw ParseException.at(token, message + " (want [packets:bytes], decimal, below 2^63)");
        }
        return new Counters(p.getAsLong(), b.getAsLong());
    }

    private static void ruleLine(TableBuilder table, List<Token> tokens) throws ParseException {
        int i = 0;
        Counters counters = Counters.ZERO;
        if (tokens.get(0).text().startsWith("[") && !tokens.get(0).quoted()) {
            counters = bracketCounters(tokens.get(0), "invalid rule counters");
            i = 1;
        }
        if (i >= tokens.size()) {
            throw ParseException.at(tokens.get(0), "counters without a command");
        }
        Token command = tokens.get(i);
        Cursor cursor = new Cursor(tokens, i + 1);
        switch (command.text()) {
            case "-A", "--append" -> {
                Token chainToken = cursor.argument(command);
                Chain.Builder chain = table.chain(chainToken.text());
                if (chain == null) {
                    throw ParseException.at(chainToken, "No chain/target/match by that name (chain '"
                            + chainToken.text() + "' is not declared in table " + table.name.text() + ")");
                }
                RuleParser.Parsed parsed = RuleParser.parse(chain.name(), cursor, counters);
                table.append(chain.name(), parsed);
            }
            case "-N", "--new-chain" -> {
                Token name = cursor.argument(command);
                checkChainName(name);
                if (table.chain(name.text()) != null) {
                    throw ParseException.at(name, "Chain already exists");
                }
                table.declare(Chain.builder(name.text(), null));
                rest(cursor);
            }
            case "-P", "--policy" -> {
                Token name = cursor.argument(command);
                Token policy = cursor.argument(command);
                if (!table.name.isBuiltin(name.text())) {
                    throw ParseException.at(name, "only built-in chains have a policy");
                }
                Policy p = switch (policy.text()) {
                    case "ACCEPT" -> Policy.ACCEPT;
                    case "DROP" -> Policy.DROP;
                    default -> throw ParseException.at(policy, "Bad policy name (want ACCEPT or DROP)");
                };
                table.chain(name.text()).policy(p);
                rest(cursor);
            }
            default -> throw ParseException.at(command, "unsupported command `" + command.text()
                    + "' (only -A, -N and -P are understood in a ruleset)");
        }
    }

    private static void rest(Cursor cursor) throws ParseException {
        if (cursor.hasNext()) {
            Token t = cursor.next();
            throw ParseException.at(t, "Bad argument `" + t.text() + "'");
        }
    }

    /**
     * A table being read: its chains in declaration order and, per rule, where its jump came from. The chains
     * are builders, made immutable once at COMMIT: appending to an immutable chain copies all its rules, which
     * made reading a 10,000-rule chain quadratic.
     */
    static final class TableBuilder {
        final TableName name;
        final Map<String, Chain.Builder> chains = new LinkedHashMap<>();
        final Map<String, List<RuleParser.Parsed>> parsed = new LinkedHashMap<>();

        TableBuilder(TableName name) {
            this.name = name;
            for (String builtin : name.builtinChains()) {
                chains.put(builtin, Chain.builder(builtin, Policy.ACCEPT));
                parsed.put(builtin, new ArrayList<>());
            }
        }

        /** The chain's builder, or null when it is not declared. */
        Chain.Builder chain(String chainName) {
            return chains.get(chainName);
        }

        void declare(Chain.Builder chain) {
            chains.put(chain.name(), chain);
            parsed.computeIfAbsent(chain.name(), k -> new ArrayList<>());
        }

        void append(String chainName, RuleParser.Parsed rule) {
            chains.get(chainName).append(rule.rule());
            parsed.get(chainName).add(rule);
        }

        io.bridgelab.netfilter.rule.Table commit() throws ParseException {
            TableValidator.validate(this);
            // Chains in the order the kernel will list them, whatever order the text declared them in.
            List<Chain> built = new ArrayList<>(chains.size());
            for (Chain.Builder chain : chains.values()) {
                built.add(chain.build());
            }
            return new io.bridgelab.netfilter.rule.Table(name, KernelOrder.chains(
                    new io.bridgelab.netfilter.rule.Table(name, built)));
        }
    }
}
