package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.ChecksumTarget;
import io.bridgelab.netfilter.rule.ConnmarkTarget;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Log;
import io.bridgelab.netfilter.rule.MarkTarget;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpmssTarget;
import io.bridgelab.netfilter.rule.Trace;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Collects {@code -j NAME} and its options and builds the {@link Target}. Every form iptables rewrites
 * on the way into the kernel is rewritten here too ({@code --set-mark} becomes {@code --set-xmark},
 * {@code --log-level debug} becomes 7, a missing {@code --reject-with} becomes port-unreachable), so
 * the model holds what iptables-save prints back.
 */
final class TargetParser {
    private static final Set<String> OPTIONLESS = Set.of("ACCEPT", "DROP", "RETURN", "TRACE", "NOTRACK");
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("REJECT", Set.of("--reject-with")),
            Map.entry("LOG", Set.of("--log-level", "--log-prefix", "--log-tcp-sequence", "--log-tcp-options",
                    "--log-ip-options", "--log-uid", "--log-macdecode")),
            Map.entry("DNAT", Set.of("--to-destination", "--random", "--persistent")),
            Map.entry("SNAT", Set.of("--to-source", "--random", "--random-fully", "--persistent")),
            Map.entry("MASQUERADE", Set.of("--to-ports", "--random", "--random-fully")),
            Map.entry("REDIRECT", Set.of("--to-ports", "--random")),
            Map.entry("MARK", Set.of("--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark")),
            Map.entry("CONNMARK", Set.of("--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark",
                    "--save-mark", "--restore-mark", "--nfmask", "--ctmask", "--mask")),
            Map.entry("CHECKSUM", Set.of("--checksum-fill")),
            Map.entry("TCPMSS", Set.of("--set-mss", "--clamp-mss-to-pmtu")),
            Map.entry("CT", Set.of("--notrack", "--helper", "--zone")));
    private static final String[] LEVELS = {"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"};

    final Token name;
    private final Map<String, Token> options = new HashMap<>();
    private final Map<String, Token> values = new HashMap<>();

    private TargetParser(Token name) {
        this.name = name;
    }

    /** A target extension this model knows, or a jump to the chain of that name (checked at COMMIT). */
    static TargetParser create(Token name) throws ParseException {
        String n = name.text();
        if (n.isEmpty() || n.length() > 28 || n.chars().anyMatch(Character::isWhitespace)) {
            throw ParseException.at(name, "Invalid target name `" + n + "' (28 chars max, no blanks)");
        }
        return new TargetParser(name);
    }

    boolean isExtension() {
        return OPTIONLESS.contains(name.text()) || OPTIONS.containsKey(name.text());
    }

    boolean accepts(String option) {
        Set<String> known = OPTIONS.get(name.text());
        return known != null && known.contains(option);
    }

    void option(Token option, boolean negated, Cursor cursor) throws ParseException {
        MatchParser.noNegation(option, negated);
        String o = option.text();
        if (options.put(o, option) != null) {
            throw ParseException.at(option, MatchParser.usedTwice(name.text(), o));
        }
        boolean flag = switch (o) {
            case "--random", "--random-fully", "--persistent", "--log-tcp-sequence", "--log-tcp-options",
                 "--log-ip-options", "--log-uid", "--log-macdecode", "--checksum-fill", "--notrack", "--save-mark",
                 "--restore-mark", "--clamp-mss-to-pmtu" -> true;
            default -> false;
        };
        if (!flag) {
            values.put(o, cursor.argument(option));
        }
    }

    /** Builds the target; {@code protocol} is the rule's {@code -p}, which NAT ports and tcp-reset need. */
    Target build(Negatable<Integer> protocol) throws ParseException {
        String n = name.text();
        int proto = protocol == null || protocol.negated() ? 0 : protocol.value();
        return switch (n) {
            case "ACCEPT" -> Accept.INSTANCE;
            case "DROP" -> Drop.INSTANCE;
            case "RETURN" -> Return.INSTANCE;
            case "TRACE" -> Trace.INSTANCE;
            case "NOTRACK" -> CtTarget.NOTRACK_ALIAS;
            case "REJECT" -> reject(proto);
            case "LOG" -> log();
            case "DNAT" -> new Dnat(natRange("--to-destination", proto, true), has("--random"), has("--persistent"));
            case "SNAT" -> new Snat(natRange("--to-source", proto, true), has("--random"), has("--random-fully"),
                    has("--persistent"));
            case "MASQUERADE" -> new Masquerade(toPorts(proto), has("--random"), has("--random-fully"));
            case "REDIRECT" -> new Redirect(toPorts(proto), has("--random"));
            case "MARK" -> mark();
            case "CONNMARK" -> connmark();
            case "CHECKSUM" -> {
                if (!has("--checksum-fill")) {
                    throw ParseException.at(name, "CHECKSUM: option \"--checksum-fill\" must be specified");
                }
                yield new ChecksumTarget(true);
            }
            case "CT" -> ct(proto);
            case "TCPMSS" -> tcpmss(protocol);
            default -> jump(n);
        };
    }

    private Target jump(String chain) throws ParseException {
        try {
            return new Jump(chain);
        } catch (IllegalArgumentException e) {
            throw ParseException.at(name, "Chain '" + chain + "' does not exist and cannot: " + e.getMessage());
        }
    }

    /**
     * libxt_TCPMSS: one of the two options at least, the one given last winning (both set the same field); the
     * kernel takes it only for {@code -p tcp} (xt_check_target: the target's protocol).
     */
    private Target tcpmss(Negatable<Integer> protocol) throws ParseException {
        Token set = options.get("--set-mss");
        Token clamp = options.get("--clamp-mss-to-pmtu");
        if (set == null && clamp == null) {
            throw ParseException.at(name, "TCPMSS target: At least one parameter is required");
        }
        if (protocol == null || protocol.negated() || protocol.value() != IpProtocol.TCP) {
            throw ParseException.at(name, "TCPMSS needs -p tcp (the kernel refuses it: Invalid argument)");
        }
        int mss = TcpmssTarget.CLAMP;
        if (set != null) {
            Token value = values.get("--set-mss");
            var parsed = Numbers.unsigned(value.text(), TcpmssTarget.MAX_MSS);
            if (parsed.isEmpty()) {
                throw ParseException.at(value, "TCPMSS: bad value for option \"--set-mss\", or out of range (0-"
                        + TcpmssTarget.MAX_MSS + ").");
            }
            if (clamp == null || before(clamp, set)) {
                mss = parsed.getAsInt();
            }
        }
        return new TcpmssTarget(mss);
    }

    /** Whether {@code a} comes before {@code b} on the line. */
    private static boolean before(Token a, Token b) {
        return a.line() < b.line() || a.line() == b.line() && a.column() < b.column();
    }

    private boolean has(String option) {
        return options.containsKey(option);
    }

    private Target reject(int proto) throws ParseException {
        Token with = values.get("--reject-with");
        if (with == null) {
            return new Reject(RejectWith.ICMP_PORT_UNREACHABLE);
        }
        RejectWith r = RejectWith.fromText(with.text());
        if (r == null) {
            r = switch (with.text()) {
                case "net-unreach" -> RejectWith.ICMP_NET_UNREACHABLE;
                case "host-unreach" -> RejectWith.ICMP_HOST_UNREACHABLE;
                case "proto-unreach" -> RejectWith.ICMP_PROTO_UNREACHABLE;
                case "port-unreach" -> RejectWith.ICMP_PORT_UNREACHABLE;
                case "net-prohib" -> RejectWith.ICMP_NET_PROHIBITED;
                case "host-prohib" -> RejectWith.ICMP_HOST_PROHIBITED;
                case "admin-prohib" -> RejectWith.ICMP_ADMIN_PROHIBITED;
                case "tcp-rst" -> RejectWith.TCP_RESET;
                default -> throw ParseException.at(with, "unknown reject type \"" + with.text() + "\"");
            };
        }
        if (r == RejectWith.TCP_RESET && proto != IpProtocol.TCP) {
            // The kernel refuses the rule (EINVAL): a TCP reset needs a TCP packet to answer.
            throw ParseException.at(with, "REJECT --reject-with tcp-reset needs -p tcp");
        }
        return new Reject(r);
    }

    private Target log() throws ParseException {
        int level = Log.DEFAULT_LEVEL;
        Token levelToken = values.get("--log-level");
        if (levelToken != null) {
            level = -1;
            for (int i = 0; i < LEVELS.length; i++) {
                if (LEVELS[i].equalsIgnoreCase(levelToken.text())) {
                    level = i;
                }
            }
            if (level < 0) {
                level = Numbers.unsigned(levelToken.text(), 7).orElse(-1);
            }
            if (level < 0) {
                throw ParseException.at(levelToken, "LOG: log level `" + levelToken.text() + "' unknown");
            }
        }
        String prefix = null;
        Token prefixToken = values.get("--log-prefix");
        if (prefixToken != null) {
            if (prefixToken.text().isEmpty()) {
                throw ParseException.at(prefixToken, "LOG: argument must have a minimum length of 1 characters");
            }
            if (prefixToken.text().indexOf('\n') >= 0) {
                throw ParseException.at(prefixToken, "LOG: newlines not allowed in --log-prefix");
            }
            // Like iptables, keep the first 29 characters of a longer prefix.
            prefix = prefixToken.text().length() > Log.MAX_PREFIX
                    ? prefixToken.text().substring(0, Log.MAX_PREFIX) : prefixToken.text();
        }
        return new Log(level, prefix, has("--log-tcp-sequence"), has("--log-tcp-options"), has("--log-ip-options"),
                has("--log-uid"), has("--log-macdecode"));
    }

    private NatRange natRange(String option, int proto, boolean required) throws ParseException {
        Token value = values.get(option);
        if (value == null) {
            if (required) {
                throw ParseException.at(name, name.text() + ": option \"" + option + "\" must be specified");
            }
            return null;
        }
        String text = value.text();
        int colon = text.indexOf(':');
        String addr = colon < 0 ? text : text.substring(0, colon);
        AddressRange addresses = addr.isEmpty() ? null : Values.addressRange(value, addr);
        PortRange ports = null;
        if (colon >= 0) {
            requirePortProtocol(value, proto);
            ports = Values.portRange(value, text.substring(colon + 1), '-');
        }
        if (addresses == null && ports == null) {
            throw ParseException.at(value, name.text() + ": bad range `" + text + "'");
        }
        return new NatRange(addresses, ports);
    }

    private PortRange toPorts(int proto) throws ParseException {
        Token value = values.get("--to-ports");
        if (value == null) {
            return null;
        }
        requirePortProtocol(value, proto);
        return Values.portRange(value, value.text(), '-');
    }

    private void requirePortProtocol(Token at, int proto) throws ParseException {
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP && proto != IpProtocol.SCTP && proto != 33
                && proto != IpProtocol.UDPLITE) {
            throw ParseException.at(at, name.text() + ": need TCP, UDP, SCTP or DCCP with port specification");
        }
    }

    private Target mark() throws ParseException {
        long[] xmark = markForms(values, "MARK");
        if (xmark == null) {
            throw ParseException.at(name, "MARK: one of --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark "
                    + "is required");
        }
        return new MarkTarget(xmark[0], xmark[1]);
    }

    /** The {@code --set-xmark value/mask} every MARK-style form turns into, or null if none was given. */
    private long[] markForms(Map<String, Token> v, String target) throws ParseException {
        long[] result = null;
        int forms = 0;
        for (String o : new String[] {"--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark"}) {
            Token t = v.get(o);
            if (t == null) {
                continue;
            }
            forms++;
            long[] vm = Values.valueMask(t, o);
            boolean masked = t.text().indexOf('/') >= 0;
            if (!o.startsWith("--set") && masked) {
                throw ParseException.at(t, target + ": " + o + " takes a value without a mask");
            }
            result = switch (o) {
                case "--set-xmark" -> vm;
                case "--set-mark" -> new long[] {vm[0], vm[0] | vm[1]};
                case "--and-mark" -> new long[] {0, ~vm[0] & 0xffff_ffffL};
                case "--or-mark" -> new long[] {vm[0], vm[0]};
                default -> new long[] {vm[0], 0};
            };
            if (forms > 1) {
                throw ParseException.at(t, target + ": only one of the mark-setting options may be given");
            }
        }
        return result;
    }

    private Target connmark() throws ParseException {
        long[] xmark = markForms(values, "CONNMARK");
        boolean save = has("--save-mark");
        boolean restore = has("--restore-mark");
        int modes = (xmark != null ? 1 : 0) + (save ? 1 : 0) + (restore ? 1 : 0);
        if (modes != 1) {
            throw ParseException.at(name, "CONNMARK: exactly one of --set-xmark/--set-mark/--and-mark/--or-mark/"
                    + "--xor-mark, --save-mark or --restore-mark is required");
        }
        if (xmark != null) {
            for (String o : new String[] {"--nfmask", "--ctmask", "--mask"}) {
                if (values.containsKey(o)) {
                    throw ParseException.at(values.get(o), "CONNMARK: " + o + " only goes with --save-mark or "
                            + "--restore-mark");
                }
            }
            return new ConnmarkTarget(ConnmarkTarget.Mode.SET_XMARK, xmark[0], xmark[1], 0);
        }
        long mask = values.containsKey("--mask") ? Values.u32(values.get("--mask"), values.get("--mask").text(),
                "--mask") : 0xffff_ffffL;
        long nf = values.containsKey("--nfmask") ? Values.u32(values.get("--nfmask"), values.get("--nfmask").text(),
                "--nfmask") : mask;
        long ct = values.containsKey("--ctmask") ? Values.u32(values.get("--ctmask"), values.get("--ctmask").text(),
                "--ctmask") : mask;
        return new ConnmarkTarget(save ? ConnmarkTarget.Mode.SAVE : ConnmarkTarget.Mode.RESTORE, 0, ct, nf);
    }

    private Target ct(int proto) throws ParseException {
        Token helper = values.get("--helper");
        Token zoneToken = values.get("--zone");
        Integer zone = null;
        if (zoneToken != null) {
            int z = Numbers.unsigned(zoneToken.text(), 0xffff).orElse(-1);
            if (z < 0) {
                throw ParseException.at(zoneToken, "CT: bad --zone `" + zoneToken.text() + "' (want 0..65535)");
            }
            // Zone 0 is the default zone: iptables-save leaves it out.
            zone = z == 0 ? null : z;
        }
        if (helper != null && proto == 0) {
            // The kernel looks the helper up by layer-4 protocol and fails with ENOENT without one.
            throw ParseException.at(helper, "CT: --helper needs -p with the helper's protocol");
        }
        if (has("--notrack") && (helper != null || zoneToken != null)) {
            throw ParseException.at(options.get("--notrack"), "CT: --notrack takes no other option");
        }
        return new CtTarget(has("--notrack"), helper == null ? null : helper.text(), zone);
    }
}
