package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.IcmpTypeSpec;
import java.util.Locale;

/**
 * The ICMP type names {@code --icmp-type} accepts (libxt_icmp's table, with its aliases). iptables
 * 1.8.9 also accepts unambiguous prefixes of these; we take whole names only.
 */
final class IcmpTypes {
    private static final Object[][] NAMES = {
        {"any", 0xff, 0, 0xff},
        {"echo-reply", 0, 0, 0xff}, {"pong", 0, 0, 0xff},
        {"destination-unreachable", 3, 0, 0xff},
        {"network-unreachable", 3, 0, 0}, {"host-unreachable", 3, 1, 1}, {"protocol-unreachable", 3, 2, 2},
        {"port-unreachable", 3, 3, 3}, {"fragmentation-needed", 3, 4, 4}, {"source-route-failed", 3, 5, 5},
        {"network-unknown", 3, 6, 6}, {"host-unknown", 3, 7, 7}, {"network-prohibited", 3, 9, 9},
        {"host-prohibited", 3, 10, 10}, {"tos-network-unreachable", 3, 11, 11},
        {"tos-host-unreachable", 3, 12, 12}, {"communication-prohibited", 3, 13, 13},
        {"host-precedence-violation", 3, 14, 14}, {"precedence-cutoff", 3, 15, 15},
        {"source-quench", 4, 0, 0xff},
        {"redirect", 5, 0, 0xff}, {"network-redirect", 5, 0, 0}, {"host-redirect", 5, 1, 1},
        {"tos-network-redirect", 5, 2, 2}, {"tos-host-redirect", 5, 3, 3},
        {"echo-request", 8, 0, 0xff}, {"ping", 8, 0, 0xff},
        {"router-advertisement", 9, 0, 0xff}, {"router-solicitation", 10, 0, 0xff},
        {"time-exceeded", 11, 0, 0xff}, {"ttl-exceeded", 11, 0, 0xff},
        {"ttl-zero-during-transit", 11, 0, 0}, {"ttl-zero-during-reassembly", 11, 1, 1},
        {"parameter-problem", 12, 0, 0xff}, {"ip-header-bad", 12, 0, 0}, {"required-option-missing", 12, 1, 1},
        {"timestamp-request", 13, 0, 0xff}, {"timestamp-reply", 14, 0, 0xff},
        {"address-mask-request", 17, 0, 0xff}, {"address-mask-reply", 18, 0, 0xff},
    };

    private IcmpTypes() {
    }

    /** A name, {@code TYPE} or {@code TYPE/CODE}; null if it is none of these. */
    static IcmpTypeSpec parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Object[] n : NAMES) {
            if (n[0].equals(t)) {
                return new IcmpTypeSpec((Integer) n[1], (Integer) n[2], (Integer) n[3]);
            }
        }
        int slash = t.indexOf('/');
        String typeText = slash < 0 ? t : t.substring(0, slash);
        if (!typeText.chars().allMatch(Character::isDigit) || typeText.isEmpty() || typeText.length() > 3) {
            return null;
        }
        int type = Integer.parseInt(typeText);
        if (type > 0xff) {
            return null;
        }
        if (slash < 0) {
            return IcmpTypeSpec.type(type);
        }
        String codeText = t.substring(slash + 1);
        if (!codeText.chars().allMatch(Character::isDigit) || codeText.isEmpty() || codeText.length() > 3) {
            return null;
        }
        int code = Integer.parseInt(codeText);
        return code > 0xff ? null : IcmpTypeSpec.typeAndCode(type, code);
    }

    /** iptables-save's form: {@code any}, {@code 8} or {@code 3/4}. */
    static String save(IcmpTypeSpec spec) {
        if (spec.type() == IcmpTypeSpec.ANY_TYPE && spec.codeMin() == 0 && spec.codeMax() == 0xff) {
            return "any";
        }
        if (spec.codeMin() == 0 && spec.codeMax() == 0xff) {
            return Integer.toString(spec.type());
        }
        if (spec.codeMin() == spec.codeMax()) {
            return spec.type() + "/" + spec.codeMin();
        }
        // Only reachable through the API: iptables has no syntax for a code range.
        return spec.type() + "/" + spec.codeMin();
    }

    /** The listing's form after {@code icmp}: {@code type 3 code 4}, {@code type 8}, {@code type 3 codes 1-2}. */
    static String list(IcmpTypeSpec spec) {
        String s = "type " + spec.type();
        if (spec.codeMin() == spec.codeMax()) {
            return s + " code " + spec.codeMin();
        }
        if (spec.codeMin() != 0 || spec.codeMax() != 0xff) {
            return s + " codes " + spec.codeMin() + "-" + spec.codeMax();
        }
        return s;
    }
}
