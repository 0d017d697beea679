package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import java.util.HashSet;
import java.util.Set;

/**
 * Collects the options of one {@code -m MODULE} of a rule and builds its {@link Match} record. iptables
 * hands an option to the loaded module that declares it, so a rule parser asks each loaded module
 * whether it {@link #accepts} the option.
 */
abstract class MatchParser {
    /** Where the module was loaded: its {@code -m} argument, or the option that loaded it implicitly. */
    final Token origin;
    private final Set<String> seen = new HashSet<>();

    MatchParser(Token origin) {
        this.origin = origin;
    }

    abstract String module();

    abstract boolean accepts(String option);

    abstract void option(Token option, boolean negated, Cursor cursor) throws ParseException;

    /** Builds the match; {@code protocol} is the rule's {@code -p} (null when absent). */
    abstract Match build(Negatable<Integer> protocol) throws ParseException;

    /** The canonical option name (long form) for aliases, so duplicates are caught across spellings. */
    String canonical(String option) {
        return option;
    }

    /** Rejects a second use of the same option, with iptables' words for it ({@link #repeated}). */
    final void once(Token option) throws ParseException {
        String canonical = canonical(option.text());
        if (!seen.add(canonical)) {
            throw ParseException.at(option, repeated(canonical));
        }
    }

    /**
     * What iptables says when an option comes twice: the words of libxtables' option parser, which most
     * modules use, naming the option's long form whichever spelling was used.
     */
    String repeated(String canonical) {
        return usedTwice(module(), canonical);
    }

    /** libxtables' words for {@code option} given twice to the match or target {@code extension}. */
    static String usedTwice(String extension, String option) {
        return extension + ": option \"" + option + "\" can only be used once.";
    }

    static void noNegation(Token option, boolean negated) throws ParseException {
        if (negated) {
            throw ParseException.at(option, "option " + option.text() + " cannot be negated");
        }
    }

    /** The match module named {@code name}, or null when this model does not support it. */
    static MatchParser create(String name, Token origin) {
        return switch (name) {
            case "tcp" -> new TransportMatchParsers.Tcp(origin);
            case "udp" -> TransportMatchParsers.PortsOnly.udp(origin);
            case "sctp" -> TransportMatchParsers.PortsOnly.sctp(origin);
            case "icmp" -> new TransportMatchParsers.Icmp(origin);
            case "multiport" -> new TransportMatchParsers.Multiport(origin);
            case "conntrack" -> new ConntrackMatchParsers.Conntrack(origin);
            case "state" -> new ConntrackMatchParsers.State(origin);
            case "mark" -> new ConntrackMatchParsers.Mark(origin);
            case "addrtype" -> new HostMatchParsers.Addrtype(origin);
            case "comment" -> new HostMatchParsers.Comment(origin);
            case "physdev" -> new HostMatchParsers.Physdev(origin);
            case "iprange" -> new HostMatchParsers.Iprange(origin);
            case "limit" -> new LimitMatchParser(origin);
            default -> null;
        };
    }
}
