package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.ChecksumTarget;
import io.bridgelab.netfilter.rule.ConnmarkTarget;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.Log;
import io.bridgelab.netfilter.rule.MarkTarget;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpmssTarget;

/** Targets in both text forms: iptables-save's options and the listing's description column. */
final class TargetText {
    private TargetText() {
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Appends {@code -j NAME OPTIONS} or {@code -g CHAIN}; nothing for a rule without a target. */
    static void save(StringBuilder s, Target target) {
        if (target == null) {
            return;
        }
        if (target instanceof Goto g) {
            s.append(" -g ").append(g.chain());
            return;
        }
        s.append(" -j ").append(target.name());
        if (target instanceof Reject r) {
            s.append(" --reject-with ").append(r.with().text());
        } else if (target instanceof Log l) {
            if (l.prefix() != null) {
                s.append(" --log-prefix").append(SaveText.quote(l.prefix()));
            }
            if (l.level() != Log.DEFAULT_LEVEL) {
                s.append(" --log-level ").append(l.level());
            }
            append(s, l.tcpSequence(), " --log-tcp-sequence");
            append(s, l.tcpOptions(), " --log-tcp-options");
            append(s, l.ipOptions(), " --log-ip-options");
            append(s, l.uid(), " --log-uid");
            append(s, l.macDecode(), " --log-macdecode");
        } else if (target instanceof Dnat d) {
            s.append(" --to-destination ").append(nat(d.to()));
            append(s, d.random(), " --random");
            append(s, d.persistent(), " --persistent");
        } else if (target instanceof Snat n) {
            s.append(" --to-source ").append(nat(n.to()));
            append(s, n.random(), " --random");
            append(s, n.randomFully(), " --random-fully");
            append(s, n.persistent(), " --persistent");
        } else if (target instanceof Masquerade m) {
            if (m.toPorts() != null) {
                s.append(" --to-ports ").append(m.toPorts().format('-'));
            }
            append(s, m.random(), " --random");
            append(s, m.randomFully(), " --random-fully");
        } else if (target instanceof Redirect r) {
            if (r.toPorts() != null) {
                s.append(" --to-ports ").append(r.toPorts().format('-'));
            }
            append(s, r.random(), " --random");
        } else if (target instanceof MarkTarget m) {
            s.append(" --set-xmark ").append(hex(m.value())).append('/').append(hex(m.mask()));
        } else if (target instanceof ConnmarkTarget c) {
            switch (c.mode()) {
                case SET_XMARK -> s.append(" --set-xmark ").append(hex(c.value())).append('/').append(hex(c.ctMask()));
                case SAVE -> s.append(" --save-mark --nfmask ").append(hex(c.nfMask())).append(" --ctmask ")
                        .append(hex(c.ctMask()));
                case RESTORE -> s.append(" --restore-mark --nfmask ").append(hex(c.nfMask())).append(" --ctmask ")
                        .append(hex(c.ctMask()));
            }
        } else if (target instanceof ChecksumTarget c) {
            append(s, c.fill(), " --checksum-fill");
        } else if (target instanceof TcpmssTarget t) {
            s.append(t.clampToPmtu() ? " --clamp-mss-to-pmtu" : " --set-mss " + t.mss());
        } else if (target instanceof CtTarget ct && !ct.notrackAlias()) {
            append(s, ct.notrack(), " --notrack");
            if (ct.helper() != null) {
                s.append(" --helper").append(SaveText.quote(ct.helper()));
            }
            if (ct.zone() != null && ct.zone() != 0) {
                s.append(" --zone ").append(ct.zone());
            }
        }
    }

    private static void append(StringBuilder s, boolean on, String text) {
        if (on) {
            s.append(text);
        }
    }

    /** {@code 172.17.0.2:80}, {@code 10.0.0.1-10.0.0.9:1000-2000}, {@code :8080}. */
    static String nat(NatRange r) {
        String a = r.addresses() == null ? "" : r.addresses().isSingle() ? r.addresses().first().toString()
                : r.addresses().first() + "-" + r.addresses().last();
        return r.ports() == null ? a : a + ":" + r.ports().format('-');
    }

    /** The target column of a listing: the chain for jumps and gotos, CT for NOTRACK. */
    static String column(Target target) {
        if (target == null) {
            return "";
        }
        if (target instanceof CtTarget) {
            return "CT";
        }
        return target.name();
    }

    /** The listing's description of the target, starting with a space; empty when it prints nothing. */
    static String list(Target target) {
        StringBuilder s = new StringBuilder();
        if (target instanceof Reject r) {
            s.append(" reject-with ").append(r.with().text());
        } else if (target instanceof Log l) {
            int flags = (l.tcpSequence() ? 1 : 0) | (l.tcpOptions() ? 2 : 0) | (l.ipOptions() ? 4 : 0)
                    | (l.uid() ? 8 : 0) | (l.macDecode() ? 0x20 : 0);
            s.append(" LOG flags ").append(flags).append(" level ").append(l.level());
            if (l.prefix() != null) {
                s.append(" prefix \"").append(l.prefix()).append('"');
            }
        } else if (target instanceof Dnat d) {
            s.append(" to:").append(nat(d.to()));
            append(s, d.random(), " random");
            append(s, d.persistent(), " persistent");
        } else if (target instanceof Snat n) {
            s.append(" to:").append(nat(n.to()));
            append(s, n.random(), " random");
            append(s, n.randomFully(), " random-fully");
            append(s, n.persistent(), " persistent");
        } else if (target instanceof Masquerade m) {
            if (m.toPorts() != null) {
                s.append(" masq ports: ").append(m.toPorts().format('-'));
            }
            append(s, m.random(), " random");
            append(s, m.randomFully(), " random-fully");
        } else if (target instanceof Redirect r) {
            if (r.toPorts() != null) {
                s.append(" redir ports ").append(r.toPorts().format('-'));
            }
            append(s, r.random(), " random");
        } else if (target instanceof MarkTarget m) {
            s.append(" MARK ").append(markVerb(m.value(), m.mask()));
        } else if (target instanceof ConnmarkTarget c) {
            s.append(" CONNMARK ").append(connmark(c));
        } else if (target instanceof ChecksumTarget c) {
            append(s, c.fill(), " CHECKSUM fill");
        } else if (target instanceof TcpmssTarget t) {
            s.append(t.clampToPmtu() ? " TCPMSS clamp to PMTU" : " TCPMSS set " + t.mss());
        } else if (target instanceof CtTarget ct) {
            if (ct.notrackAlias()) {
                s.append(" NOTRACK");
            } else {
                s.append(" CT");
                append(s, ct.notrack(), " notrack");
                if (ct.helper() != null) {
                    s.append(" helper ").append(ct.helper());
                }
                if (ct.zone() != null && ct.zone() != 0) {
                    s.append(" zone ").append(ct.zone());
                }
            }
        }
        return s.toString();
    }

    /** libxt_MARK's reading of {@code --set-xmark value/mask} back into the form a user would have typed. */
    static String markVerb(long value, long mask) {
        if (value == 0) {
            return "and " + hex(~mask & 0xffff_ffffL);
        } else if (value == mask) {
            return "or " + hex(value);
        } else if (mask == 0) {
            return "xor " + hex(value);
        } else if (mask == 0xffff_ffffL) {
            return "set " + hex(value);
        }
        return "xset " + hex(value) + "/" + hex(mask);
    }

    private static String connmark(ConnmarkTarget c) {
        long all = 0xffff_ffffL;
        return switch (c.mode()) {
            case SET_XMARK -> markVerb(c.value(), c.ctMask());
            case SAVE -> c.nfMask() == all && c.ctMask() == all ? "save"
                    : c.nfMask() == c.ctMask() ? "save mask " + hex(c.nfMask())
                    : "save nfmask " + hex(c.nfMask()) + " ctmask ~" + hex(c.ctMask());
            case RESTORE -> c.ctMask() == all && c.nfMask() == all ? "restore"
                    : c.ctMask() == c.nfMask() ? "restore mask " + hex(c.ctMask())
                    : "restore ctmask " + hex(c.ctMask()) + " nfmask ~" + hex(c.nfMask());
        };
    }
}
