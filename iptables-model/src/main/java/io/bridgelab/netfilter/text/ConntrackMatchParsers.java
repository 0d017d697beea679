package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.CtStatus;
import io.bridgelab.netfilter.rule.MarkMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/** The connection-tracking matches: conntrack, state, and the packet mark. */
final class ConntrackMatchParsers {
    private ConntrackMatchParsers() {
    }

    static Set<CtState> states(Token token, boolean allowNat) throws ParseException {
        Set<CtState> set = EnumSet.noneOf(CtState.class);
        for (String name : token.text().split(",", -1)) {
            CtState state = null;
            for (CtState s : CtState.values()) {
                if (s.name().equalsIgnoreCase(name) && (allowNat || (s != CtState.SNAT && s != CtState.DNAT))) {
                    state = s;
                }
            }
            if (state == null) {
                throw ParseException.at(token, "Bad state \"" + name + "\"");
            }
            set.add(state);
        }
        return set;
    }

    /** {@code -m conntrack}. */
    static final class Conntrack extends MatchParser {
        private Negatable<Set<CtState>> state;
        private Negatable<Integer> proto;
        private Negatable<Cidr> origSrc;
        private Negatable<Cidr> origDst;
        private Negatable<Cidr> replSrc;
        private Negatable<Cidr> replDst;
        private Negatable<PortRange> origSrcPort;
        private Negatable<PortRange> origDstPort;
        private Negatable<PortRange> replSrcPort;
        private Negatable<PortRange> replDstPort;
        private Negatable<Set<CtStatus>> status;
        private ConntrackMatch.Direction direction;

        Conntrack(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "conntrack";
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--ctstate", "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst",
                     "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctstatus",
                     "--ctdir", "--ctexpire" -> true;
                default -> false;
            };
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            Token value = cursor.argument(option);
            switch (option.text()) {
                case "--ctstate" -> state = new Negatable<>(states(value, true), negated);
                case "--ctproto" -> {
                    OptionalInt p = Protocols.parse(value.text());
                    if (p.isEmpty() || p.getAsInt() == 0) {
                        throw ParseException.at(value, "conntrack: bad --ctproto `" + value.text() + "'");
                    }
                    proto = new Negatable<>(p.getAsInt(), negated);
                }
                case "--ctorigsrc" -> origSrc = new Negatable<>(Values.cidr(value), negated);
                case "--ctorigdst" -> origDst = new Negatable<>(Values.cidr(value), negated);
                case "--ctreplsrc" -> replSrc = new Negatable<>(Values.cidr(value), negated);
                case "--ctrepldst" -> replDst = new Negatable<>(Values.cidr(value), negated);
                case "--ctorigsrcport" -> origSrcPort = new Negatable<>(Values.portRange(value, value.text(), ':'), negated);
                case "--ctorigdstport" -> origDstPort = new Negatable<>(Values.portRange(value, value.text(), ':'), negated);
                case "--ctreplsrcport" -> replSrcPort = new Negatable<>(Values.portRange(value, value.text(), ':'), negated);
                case "--ctrepldstport" -> replDstPort = new Negatable<>(Values.portRange(value, value.text(), ':'), negated);
                case "--ctstatus" -> status = new Negatable<>(statuses(value), negated);
                case "--ctdir" -> {
                    noNegation(option, negated);
                    direction = switch (value.text().toUpperCase(Locale.ROOT)) {
                        case "ORIGINAL" -> ConntrackMatch.Direction.ORIGINAL;
                        case "REPLY" -> ConntrackMatch.Direction.REPLY;
                        default -> throw ParseException.at(value, "conntrack: bad --ctdir `" + value.text()
                                + "' (want ORIGINAL or REPLY)");
                    };
                }
                default -> throw ParseException.at(option, "conntrack: " + option.text() + " is not supported");
            }
        }

        private static Set<CtStatus> statuses(Token token) throws ParseException {
            Set<CtStatus> set = EnumSet.noneOf(CtStatus.class);
            for (String name : token.text().split(",", -1)) {
                CtStatus found = null;
                for (CtStatus s : CtStatus.values()) {
                    if (s.name().equalsIgnoreCase(name)) {
                        found = s;
                    }
                }
                if (found == null) {
                    throw ParseException.at(token, "Bad ctstatus \"" + name + "\"");
                }
                set.add(found);
            }
            // NONE is the zero bit pattern: next to other bits the kernel cannot see it.
            if (set.size() > 1) {
                set.remove(CtStatus.NONE);
            }
            return set;
        }

        @Override
        Match build(Negatable<Integer> protocol) {
            return new ConntrackMatch(state, proto, origSrc, origDst, replSrc, replDst, origSrcPort, origDstPort,
                    replSrcPort, replDstPort, status, direction);
        }
    }

    /** {@code -m state --state}. */
    static final class State extends MatchParser {
        private Negatable<Set<CtState>> state;

        State(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "state";
        }

        @Override
        boolean accepts(String option) {
            return option.equals("--state");
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            state = new Negatable<>(states(cursor.argument(option), false), negated);
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (state == null) {
                throw ParseException.at(origin, "state match: option \"--state\" must be specified");
            }
            return new io.bridgelab.netfilter.rule.StateMatch(state);
        }
    }

    /** {@code -m mark --mark value[/mask]}. */
    static final class Mark extends MatchParser {
        private long[] valueMask;
        private boolean negated;

        Mark(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "mark";
        }

        @Override
        boolean accepts(String option) {
            return option.equals("--mark");
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            valueMask = Values.valueMask(cursor.argument(option), "--mark");
            this.negated = negated;
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (valueMask == null) {
                throw ParseException.at(origin, "mark match: option \"--mark\" must be specified");
            }
            return new MarkMatch(valueMask[0], valueMask[1], negated);
        }
    }
}
