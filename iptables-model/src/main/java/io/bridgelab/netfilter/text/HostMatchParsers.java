package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IprangeMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PhysdevMatch;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/** Matches on the host's view of a packet: addrtype, physdev, iprange, and the comment pseudo-match. */
final class HostMatchParsers {
    private HostMatchParsers() {
    }

    /** {@code -m addrtype}. */
    static final class Addrtype extends MatchParser {
        private Negatable<Set<AddressType>> src;
        private Negatable<Set<AddressType>> dst;
        private boolean limitIn;
        private boolean limitOut;

        Addrtype(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "addrtype";
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out" -> true;
                default -> false;
            };
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            switch (option.text()) {
                case "--src-type" -> src = new Negatable<>(types(cursor.argument(option)), negated);
                case "--dst-type" -> dst = new Negatable<>(types(cursor.argument(option)), negated);
                default -> {
                    noNegation(option, negated);
                    if (option.text().equals("--limit-iface-in")) {
                        limitIn = true;
                    } else {
                        limitOut = true;
                    }
                    if (limitIn && limitOut) {
                        throw ParseException.at(option, "addrtype: you can't specify both --limit-iface-in and "
                                + "--limit-iface-out");
                    }
                }
            }
        }

        private static Set<AddressType> types(Token token) throws ParseException {
            Set<AddressType> set = EnumSet.noneOf(AddressType.class);
            for (String name : token.text().split(",", -1)) {
                AddressType found = null;
                for (AddressType t : AddressType.values()) {
                    if (t.name().equalsIgnoreCase(name)) {
                        found = t;
                    }
                }
                if (found == null) {
                    throw ParseException.at(token, "addrtype: bad address type \"" + name + "\"");
                }
                set.add(found);
            }
            return set;
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (src == null && dst == null) {
                throw ParseException.at(origin, "addrtype: you must specify --src-type or --dst-type");
            }
            return new AddrtypeMatch(src, dst, limitIn, limitOut);
        }
    }

    /** {@code -m comment --comment TEXT}; the kernel keeps at most 255 bytes. */
    static final class Comment extends MatchParser {
        private String text;

        Comment(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "comment";
        }

        @Override
        boolean accepts(String option) {
            return option.equals("--comment");
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            noNegation(option, negated);
            Token value = cursor.argument(option);
            if (value.text().getBytes(StandardCharsets.UTF_8).length > CommentMatch.MAX_LENGTH) {
                throw ParseException.at(value, "comment: argument must have a maximum length of "
                        + CommentMatch.MAX_LENGTH + " characters");
            }
            if (value.text().indexOf('\0') >= 0) {
                throw ParseException.at(value, "comment: a NUL byte would end the comment early");
            }
            text = value.text();
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (text == null) {
                throw ParseException.at(origin, "comment: option \"--comment\" must be specified");
            }
            return new CommentMatch(text);
        }
    }

    /** {@code -m physdev}. */
    static final class Physdev extends MatchParser {
        private Negatable<InterfaceName> in;
        private Negatable<InterfaceName> out;
        private FlagOption isIn = FlagOption.ABSENT;
        private FlagOption isOut = FlagOption.ABSENT;
        private FlagOption isBridged = FlagOption.ABSENT;

        Physdev(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "physdev";
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--physdev-in", "--physdev-out", "--physdev-is-in", "--physdev-is-out",
                     "--physdev-is-bridged" -> true;
                default -> false;
            };
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            FlagOption flag = negated ? FlagOption.NEGATED : FlagOption.SET;
            switch (option.text()) {
                case "--physdev-in" -> in = new Negatable<>(Values.iface(cursor.argument(option)), negated);
                case "--physdev-out" -> out = new Negatable<>(Values.iface(cursor.argument(option)), negated);
                case "--physdev-is-in" -> isIn = flag;
                case "--physdev-is-out" -> isOut = flag;
                default -> isBridged = flag;
            }
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (in == null && out == null && isIn == FlagOption.ABSENT && isOut == FlagOption.ABSENT
                    && isBridged == FlagOption.ABSENT) {
                throw ParseException.at(origin, "PHYSDEV: no physdev option specified");
            }
            return new PhysdevMatch(in, out, isIn, isOut, isBridged);
        }
    }

    /** {@code -m iprange}. */
    static final class Iprange extends MatchParser {
        private Negatable<AddressRange> src;
        private Negatable<AddressRange> dst;

        Iprange(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "iprange";
        }

        @Override
        boolean accepts(String option) {
            return option.equals("--src-range") || option.equals("--dst-range");
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            Token value = cursor.argument(option);
            AddressRange range = Values.addressRange(value, value.text());
            if (option.text().equals("--src-range")) {
                src = new Negatable<>(range, negated);
            } else {
                dst = new Negatable<>(range, negated);
            }
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            if (src == null && dst == null) {
                throw ParseException.at(origin, "iprange match: you must specify `--src-range' or `--dst-range'");
            }
            return new IprangeMatch(src, dst);
        }
    }
}
