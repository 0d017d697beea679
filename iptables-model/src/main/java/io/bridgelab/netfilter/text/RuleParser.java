package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.FragmentMatch;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the options of one {@code -A CHAIN ...} line into a {@link Rule}, the way iptables' option
 * loop does: {@code !} applies to the next option, an option goes to the loaded module that declares it,
 * {@code -p tcp} loads the tcp module implicitly at its first option, and anything left over is an error.
 */
final class RuleParser {
    /** A parsed rule and the token naming its jump/goto chain (null for extensions), for COMMIT checks. */
    record Parsed(Rule rule, Token jumpToken, Token targetToken, List<Token> matchTokens) {
    }

    private static final Set<String> NATIVE_PAYLOAD = Set.of("tcp", "udp", "sctp");

    private final String chain;
    private Negatable<Cidr> source;
    private Negatable<Cidr> destination;
    private Negatable<InterfaceName> in;
    private Negatable<InterfaceName> out;
    private Negatable<Integer> protocol;
    private Token inOption;
    private Token outOption;
    private FragmentMatch fragment = FragmentMatch.ANY;
    private final List<MatchParser> matches = new ArrayList<>();
    private TargetParser target;
    private Token gotoToken;
    private Counters counters;
    private final Set<String> seenHeader = new HashSet<>();

    private RuleParser(String chain) {
        this.chain = chain;
    }

    static Parsed parse(String chain, Cursor cursor, Counters prefixCounters) throws ParseException {
        RuleParser p = new RuleParser(chain);
        p.counters = prefixCounters;
        p.loop(cursor);
        return p.build();
    }

    private void loop(Cursor cursor) throws ParseException {
        boolean negated = false;
        Token bang = null;
        while (cursor.hasNext()) {
            Token t = cursor.next();
            String o = t.text();
            if (o.equals("!") && !t.quoted()) {
                if (negated) {
                    throw ParseException.at(t, "multiple consecutive ! not allowed");
                }
                negated = true;
                bang = t;
                continue;
            }
            if (t.quoted() || !o.startsWith("-") || o.equals("-")) {
                throw ParseException.at(t, "Bad argument `" + o + "'");
            }
            option(t, negated, cursor);
            negated = false;
        }
        if (negated) {
            throw ParseException.at(bang, "'!' at the end of the rule negates nothing");
        }
    }

    private void header(Token t, String name) throws ParseException {
        if (!seenHeader.add(name)) {
            throw ParseException.at(t, "multiple " + name + " flags not allowed");
        }
    }

    private void option(Token t, boolean negated, Cursor cursor) throws ParseException {
        switch (t.text()) {
            case "-s", "--source", "--src" -> {
                header(t, "-s");
                source = cidrOption(t, negated, cursor);
            }
            case "-d", "--destination", "--dst" -> {
                header(t, "-d");
                destination = cidrOption(t, negated, cursor);
            }
            case "-i", "--in-interface" -> {
                header(t, "-i");
                inOption = t;
                in = ifaceOption(t, negated, cursor);
            }
            case "-o", "--out-interface" -> {
                header(t, "-o");
                outOption = t;
                out = ifaceOption(t, negated, cursor);
            }
            case "-p", "--protocol" -> {
                header(t, "-p");
                Token v = cursor.argument(t);
                OptionalInt p = Protocols.parse(v.text());
                if (p.isEmpty()) {
                    throw ParseException.at(v, "unknown protocol \"" + v.text() + "\" specified");
                }
                if (p.getAsInt() == 0 && negated) {
                    throw ParseException.at(v, "rule would never match protocol");
                }
                protocol = p.getAsInt() == 0 ? null : new Negatable<>(p.getAsInt(), negated);
            }
            case "-f", "--fragment" -> {
                header(t, "-f");
                fragment = negated ? FragmentMatch.NOT_LATER_FRAGMENTS : FragmentMatch.LATER_FRAGMENTS;
            }
            case "-m", "--match" -> {
                MatchParser.noNegation(t, negated);
                Token name = cursor.argument(t);
                MatchParser m = MatchParser.create(name.text(), name);
                if (m == null) {
                    throw ParseException.at(name, "unsupported match module `" + name.text() + "'");
                }
                MatchParser existing = null;
                for (MatchParser e : matches) {
                    if (e.module().equals(m.module()) && !m.module().equals("comment")) {
                        existing = e;
                    }
                }
                if (existing == null) {
                    matches.add(m);
                } else if (!NATIVE_PAYLOAD.contains(m.module())) {
                    throw ParseException.at(name, "match module `" + name.text() + "' given twice in one rule");
                }
                // else: iptables-nft turns tcp/udp/sctp options into payload matches and saves them back
                // as one module, so a second -m tcp (often after --syn loaded it) joins the first.
            }
            case "-j", "--jump" -> {
                MatchParser.noNegation(t, negated);
                if (target != null || gotoToken != null) {
                    throw ParseException.at(t, "multiple -j flags not allowed");
                }
                target = TargetParser.create(cursor.argument(t));
            }
            case "-g", "--goto" -> {
                MatchParser.noNegation(t, negated);
                if (target != null || gotoToken != null) {
                    throw ParseException.at(t, "multiple -j flags not allowed");
                }
                gotoToken = cursor.argument(t);
            }
            case "-c", "--set-counters" -> {
                MatchParser.noNegation(t, negated);
                Token packets = cursor.argument(t);
                Token bytes = cursor.argument(t);
                OptionalLong p = Numbers.counter(packets.text());
                OptionalLong b = Numbers.counter(bytes.text());
                if (p.isEmpty()) {
                    throw ParseException.at(packets, "-c packet counter not numeric");
                }
                if (b.isEmpty()) {
                    throw ParseException.at(bytes, "-c byte counter not numeric");
                }
                counters = new Counters(p.getAsLong(), b.getAsLong());
            }
            default -> moduleOption(t, negated, cursor);
        }
    }

    private void moduleOption(Token t, boolean negated, Cursor cursor) throws ParseException {
        // Latest first: a second "-m comment" takes the --comment that follows it.
        for (int i = matches.size() - 1; i >= 0; i--) {
            MatchParser m = matches.get(i);
            if (m.accepts(t.text())) {
                m.option(t, negated, cursor);
                return;
            }
        }
        if (target != null && target.accepts(t.text())) {
            target.option(t, negated, cursor);
            return;
        }
        if (protocol != null && !protocol.negated()) {
            String implicit = Protocols.name(protocol.value());
            MatchParser m = MatchParser.create(implicit, t);
            if (m != null && (implicit.equals("tcp") || implicit.equals("udp") || implicit.equals("icmp")
                    || implicit.equals("sctp"))
                    && m.accepts(t.text())) {
                matches.add(m);
                m.option(t, negated, cursor);
                return;
            }
        }
        throw ParseException.at(t, "unknown option \"" + t.text() + "\"");
    }

    private static Negatable<Cidr> cidrOption(Token t, boolean negated, Cursor cursor) throws ParseException {
        Token v = cursor.argument(t);
        Cidr cidr = Values.cidr(v);
        if (cidr.prefixLength() == 0) {
            if (negated) {
                // nf_tables refuses a negated match on zero bits (EINVAL at commit).
                throw ParseException.at(v, "a negated /0 address never matches; the kernel refuses it");
            }
            return null;
        }
        return new Negatable<>(cidr, negated);
    }

    private static Negatable<InterfaceName> ifaceOption(Token t, boolean negated, Cursor cursor)
            throws ParseException {
        Token v = cursor.argument(t);
        InterfaceName name = Values.iface(v);
        // "-i +" matches every interface: iptables stores it as no interface at all.
        return name.pattern().equals("+") && !negated ? null : new Negatable<>(name, negated);
    }

    private Parsed build() throws ParseException {
        boolean inOnly = chain.equals("INPUT") || chain.equals("PREROUTING");
        boolean outOnly = chain.equals("OUTPUT") || chain.equals("POSTROUTING");
        if (outOption != null && inOnly) {
            throw ParseException.at(outOption, "Can't use -o with " + chain);
        }
        if (inOption != null && outOnly) {
            throw ParseException.at(inOption, "Can't use -i with " + chain);
        }
        List<Match> built = new ArrayList<>();
        for (MatchParser m : matches) {
            built.add(m.build(protocol));
        }
        Target t = null;
        Token jumpToken = null;
        Token targetToken = target != null ? target.name : gotoToken;
        if (target != null) {
            t = target.build(protocol);
            if (!target.isExtension()) {
                jumpToken = target.name;
            }
        } else if (gotoToken != null) {
            try {
                t = new Goto(gotoToken.text());
            } catch (IllegalArgumentException e) {
                throw ParseException.at(gotoToken, e.getMessage());
            }
            jumpToken = gotoToken;
        }
        IpHeaderMatch header = new IpHeaderMatch(source, destination, in, out, protocol, fragment);
        return new Parsed(new Rule(header, built, t, counters), jumpToken, targetToken,
                matches.stream().map(m -> m.origin).toList());
    }
}
