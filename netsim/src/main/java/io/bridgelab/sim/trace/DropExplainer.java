package io.bridgelab.sim.trace;

import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.l3.IpInput;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.world.Route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names what stopped an exchange, from its steps: the rule (as {@code iptables -S} prints it) or chain
 * policy that dropped the packet, the missing route, the ARP request nobody answered, or the port
 * nothing listens on, with a hint in Docker's terms. It reads steps only; it never re-runs anything.
 */
public final class DropExplainer {
    private static final Pattern IN = Pattern.compile("(?:^|\\s)(! )?-i (\\S+)");
    private static final Pattern OUT = Pattern.compile("(?:^|\\s)(! )?-o (\\S+)");

    private DropExplainer() {
    }

    /** The explanation for the first packet that did not get through, or null when all were delivered. */
    public static DropExplanation explain(Trace trace) {
        for (PacketTrace p : trace.packets()) {
            DropExplanation e = explain(p);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** Why {@code p} did not get through, or null when it did. */
    public static DropExplanation explain(PacketTrace p) {
        return switch (p.ending()) {
            case DROPPED -> dropped(p, (TraceStep.Dropped) p.outcome());
            case REFUSED -> {
                TraceStep.Delivered d = (TraceStep.Delivered) p.outcome();
                yield new DropExplanation("no-socket", p.number(), d.node(), null, null, null, null, d.to(),
                        "nothing listens there in " + d.node() + ": start the server, or check the port the packet"
                                + " was sent (or DNATed) to", List.of());
            }
            case LOST -> unanswered(p);
            case DELIVERED -> null;
        };
    }

    /**
     * A replayed capture's failures grouped by what stopped them, in the order each cause first stopped a packet:
     * by the rule or policy, else by node, kind and reason (a reason naming addresses makes a group of its own).
     */
    public static List<Failures> failures(Trace trace) {
        Map<String, Failures> groups = new LinkedHashMap<>();
        for (PacketTrace p : trace.packets()) {
            DropExplanation e = explain(p);
            if (e != null) {
                String key = e.where() != null ? e.node() + " " + e.where() : e.node() + " " + e.kind() + " "
                        + e.reason();
                Failures f = groups.get(key);
                groups.put(key, f == null ? new Failures(1, e) : new Failures(f.count() + 1, f.first()));
            }
        }
        return List.copyOf(groups.values());
    }

    /** {@code count} packets stopped by one cause, {@code first} the first of them's explanation. */
    public record Failures(int count, DropExplanation first) {
        /** The cause in a line: the rule (or policy) where there is one, else the kind and the reason. */
        public String cause() {
            return first.node() + ": " + (first.rule() != null ? first.where() + "  " + first.rule()
                    : first.where() != null ? first.where() + " (no rule matched)" : first.kind() + ": "
                    + first.reason());
        }
    }

    private static DropExplanation dropped(PacketTrace p, TraceStep.Dropped d) {
        List<TraceStep> steps = p.steps();
        int at = steps.lastIndexOf(d);
        // Only a verdict names the rule or policy before it: a drop after a hook that passed (br_netfilter's
        // fragmenting after POSTROUTING) is the kernel's own.
        boolean verdict = d.cause().startsWith(TraceStep.Dropped.DROP_BY)
                || d.cause().startsWith(TraceStep.Dropped.REJECT);
        TraceStep before = verdict && at > 0 ? steps.get(at - 1) : null;
        if (before instanceof TraceStep.RuleEvaluated r && r.matched() && r.node().equals(d.node())) {
            String rule = "-A " + r.chain() + " " + r.rule();
            return new DropExplanation("rule", p.number(), d.node(), r.table(), r.chain(), r.ruleNumber(), rule,
                    d.cause(), ruleHint(r), missedAccepts(steps, at - 1, r.node(), r.table()));
        }
        if (before instanceof TraceStep.PolicyApplied pa && !pa.policy().equals("RETURN")
                && pa.node().equals(d.node())) {
            String hint = "no rule of " + pa.chain() + " accepted it and the chain's policy is " + pa.policy()
                    + (pa.chain().equals("FORWARD") ? " (Docker sets FORWARD's policy to DROP: only its ACCEPT rules"
                    + " let container traffic through)" : "") + ufwHint(steps, at, pa);
            return new DropExplanation("policy", p.number(), d.node(), pa.table(), pa.chain(), null, null, d.cause(),
                    hint, missedAccepts(steps, at - 1, pa.node(), pa.table()));
        }
        String cause = d.cause();
        String kind = "kernel";
        String hint;
        if (cause.startsWith("no route to")) {
            kind = "no-route";
            hint = d.node() + " has no route for the destination: add one (ip route add DEST via GATEWAY) or a"
                    + " default route";
        } else if (cause.contains(Route.LOOKUP_FAILS)) {
            kind = "no-route";
            String route = cause.substring(cause.indexOf('\'') + 1, cause.indexOf(Route.LOOKUP_FAILS));
            hint = d.node() + " has the route '" + route + "', which refuses the destination on purpose: remove it"
                    + " (ip route del " + route + ") if the traffic should pass";
        } else if (cause.startsWith(RoutingTable.Lookup.RULE_ENDS)) {
            kind = "no-route";
            String rule = cause.substring(RoutingTable.Lookup.RULE_ENDS.length(), cause.indexOf("' ends the lookup"));
            hint = d.node() + "'s policy routing rule '" + rule + "' refuses the destination on purpose (ip rule show"
                    + " lists the rules in the order the kernel tries them): delete it (ip rule del pref "
                    + rule.substring(0, rule.indexOf(':')) + "), or add a rule of a lower priority that looks a table"
                    + " up first, if the traffic should pass";
        } else if (cause.contains(IpInput.TOO_BIG_WITH_DF)) {
            kind = "mtu";
            hint = "the datagram does not fit " + d.node() + "'s way out, and DF forbids fragmenting it: the ICMP"
                    + " fragmentation needed tells the sender a smaller size (path MTU discovery), and where that"
                    + " error is filtered on its way back, connections hang. Give the containers the way out's MTU"
                    + " (dockerd --mtu, or the network's com.docker.network.driver.mtu option), or clamp TCP's MSS"
                    + " on the host: iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS"
                    + " --clamp-mss-to-pmtu";
        } else if (cause.contains("'s MTU ") && (cause.contains("br_nf_ip_fragment") || cause.contains("TX dropped")
                || cause.contains("br_dev_queue_push_xmit"))) {
            kind = "mtu";
            hint = "the frame is bigger than the far end of its link accepts, and nothing tells the sender (no ICMP"
                    + " error): give every interface on the link, a bridge's ports and the containers behind them"
                    + " the same MTU (ip link set IF mtu N, or the Docker network's com.docker.network.driver.mtu)";
        } else if (cause.contains(".forwarding=0")) {
            String conf = cause.substring(cause.indexOf("net.ipv4.conf."), cause.indexOf(".forwarding=0"));
            hint = "the interface the packet came in by does not forward, though ip_forward is on: sysctl -w "
                    + conf + ".forwarding=1";
        } else if (cause.contains("ip_forward=0")) {
            hint = "the namespace does not forward: sysctl -w net.ipv4.ip_forward=1 (dockerd turns it on)";
        } else if (cause.contains("hairpin_mode off")) {
            hint = "a container reaching itself through the bridge needs hairpin_mode on its port (Docker sets it"
                    + " with userland-proxy=false); otherwise docker-proxy answers";
        } else if (cause.startsWith("bridge loop")) {
            hint = "two ports of a bridge are linked to each other (directly or through other bridges): remove a"
                    + " link, as the kernel has no STP on unless it is turned on (ip link set BR type bridge stp_state 1)";
        } else if (cause.contains("with the loopback source")) {
            hint = "a 127/8 source may not leave by a real interface: net.ipv4.conf.IF.route_localnet=1 allows it"
                    + " (dockerd sets it on the bridge with userland-proxy=false, for the host's own 127.0.0.1:PORT)";
        } else if (cause.startsWith("martian")) {
            hint = "the kernel drops martian addresses from outside; net.ipv4.conf.IF.route_localnet=1 lets 127/8 in";
        } else if (cause.startsWith("rp_filter")) {
            hint = "reverse-path filter: the way back leaves by another interface, or there is none; the kernel applies"
                    + " the larger of net.ipv4.conf.all.rp_filter and conf.IF.rp_filter: set both to 2 (loose: any"
                    + " route back) or 0";
        } else if (cause.startsWith("TTL")) {
            hint = "the TTL ran out: a routing loop, or a sender's TTL too small";
        } else if (cause.startsWith(IP_EXPIRE) || cause.contains(QUEUE_DISCARDED)) {
            kind = "reassembly";
            hint = cause.startsWith(IP_EXPIRE) ? "the rest of its datagram never came to " + d.node() + " (lost, or"
                    + " dropped on the way), and the kernel drops an incomplete datagram after net.ipv4.ipfrag_time"
                    : "another fragment of its datagram contradicted the queued ones (an overlap, a second end), and"
                    + " the kernel drops the whole datagram";
        } else if (cause.contains(Engine.NO_CARRIER)) {
            kind = "link";
            hint = "the device has no carrier: a tun or tap needs the program that holds it open (the VPN client, the"
                    + " VM) to be running; ip link shows NO-CARRIER until it is";
        } else if (cause.contains(Engine.FAR_END_DOWN)) {
            kind = "link";
            hint = "the other end of the link is down: ip link set IF up there";
        } else {
            kind = "unknown";
            hint = "see the step before the drop";
        }
        return new DropExplanation(kind, p.number(), d.node(), null, null, null, null, cause, hint, List.of());
    }

    /**
     * When ufw's chains decided (the packet went through them to the policy): how to let it through with ufw rather
     * than by hand, and why a container's published port does not need it.
     */
    private static String ufwHint(List<TraceStep> steps, int at, TraceStep.PolicyApplied pa) {
        boolean ufw = false;
        for (int k = 0; k < at && !ufw; k++) {
            ufw = steps.get(k) instanceof TraceStep.RuleEvaluated r && r.node().equals(pa.node())
                    && r.chain().startsWith("ufw-");
        }
        if (!ufw) {
            return "";
        }
        return pa.chain().equals("INPUT") ? "; this is ufw's default deny incoming: 'ufw allow PORT/PROTO' adds the"
                + " ACCEPT to ufw-user-input (a container's published port is forwarded, not input: Docker's FORWARD"
                + " rules, which come before ufw's, decide it, so ufw does not guard it)"
                : pa.chain().equals("FORWARD") ? "; this is ufw's default deny routed: 'ufw route allow ...' adds the"
                + " ACCEPT to ufw-user-forward" : "";
    }

    /** How a drop's cause starts when a reassembly queue expired with the fragment in it. */
    public static final String IP_EXPIRE = "ip_expire: ";
    /** What a drop's cause says when a later fragment made the kernel discard the queue the fragment was in. */
    public static final String QUEUE_DISCARDED = ": its queue was discarded with packet #";

    private static String ruleHint(TraceStep.RuleEvaluated r) {
        String in = group(IN, r.rule());
        String out = group(OUT, r.rule());
        boolean reject = r.rule().contains("-j REJECT");
        String verb = reject ? "rejects" : "drops";
        if (r.chain().equals("DOCKER-ISOLATION-STAGE-2") && out != null) {
            return "network isolation: Docker " + verb + " packets from another Docker bridge network into " + out
                    + "; connect the container to that network too (docker network connect)";
        }
        // DOCKER-USER first: Docker never writes there, so even an in==out rule there is an administrator's.
        if (r.chain().startsWith("DOCKER-USER")) {
            return "a rule an administrator added to DOCKER-USER " + verb + " it";
        }
        if (in != null && in.equals(out) && r.table().equals("filter")) {
            return "enable_icc=false: " + r.chain() + " rule " + r.ruleNumber() + " " + verb + " " + in + "->" + out
                    + ": containers on this network may not talk to each other (publish a port, or enable_icc=true)";
        }
        if (r.table().equals("raw") && r.rule().contains("! -i ")) {
            return "Docker drops packets for a container address that did not come in through its bridge"
                    + " (raw PREROUTING protection); reach it through a published port";
        }
        return r.table() + " " + r.chain() + " rule " + r.ruleNumber() + " matched and " + verb + " the packet"
                + (reject ? " with an answer to the sender" : "");
    }

    /** The ACCEPT rules of the same table evaluated without a match in the walk that ended in the drop. */
    private static List<DropExplanation.MissedRule> missedAccepts(List<TraceStep> steps, int last, String node,
                                                                 String table) {
        List<DropExplanation.MissedRule> missed = new ArrayList<>();
        for (int i = last; i >= 0; i--) {
            TraceStep s = steps.get(i);
            if (s instanceof TraceStep.RuleEvaluated r && r.node().equals(node) && r.table().equals(table)) {
                if (!r.matched() && r.rule().endsWith("-j ACCEPT")) {
                    missed.add(0, new DropExplanation.MissedRule(r.table() + ":" + r.chain() + ":" + r.ruleNumber(),
                            "-A " + r.chain() + " " + r.rule(), r.reason()));
                }
            } else if (!(s instanceof TraceStep.PolicyApplied pa && pa.node().equals(node)
                    && pa.table().equals(table))) {
                break;
            }
        }
        return missed;
    }

    /** A packet that never arrived: usually queued behind an ARP request nobody answered. */
    /** Every host the packet reached left it alone: a frame for another MAC, or ARP for another address. */
    private static DropExplanation ignored(PacketTrace p, TraceStep.Ignored i) {
        String hint = i.reason().endsWith("PACKET_OTHERHOST")
                ? "the frame's destination MAC is not " + i.node() + ":" + i.iface() + "'s: a capture replayed with"
                + " --inject must come from that interface (its frames addressed to its MAC), or the world's MACs"
                + " must be the captured host's; --emit replays a sender's own frames into its link instead"
                : i.reason().startsWith("ARP") ? "no host on " + i.node() + ":" + i.iface() + "'s link owns the"
                + " address asked for" : "the simulation's hosts take IPv4 and ARP only";
        return new DropExplanation("ignored", p.number(), i.node(), null, null, null, null, i.reason(), hint,
                List.of());
    }

    /** Why a packet that reached no socket and was not dropped ended nowhere; its reason reads after "packet N". */
    static DropExplanation unanswered(PacketTrace p) {
        TraceStep.ArpRequested pending = null;
        for (TraceStep s : p.steps()) {
            if (s instanceof TraceStep.ArpRequested a) {
                pending = a;
            } else if (pending != null && s instanceof TraceStep.ArpResolved r && r.node().equals(pending.node())
                    && r.address().equals(pending.address())) {
                pending = null;
            }
        }
        if (pending != null) {
            return new DropExplanation("arp-unresolved", p.number(), pending.node(), null, null, null, null,
                    "ARP who-has " + pending.address() + " on " + pending.iface() + " got no answer",
                    "no host on " + pending.node() + ":" + pending.iface() + "'s link owns " + pending.address()
                            + ": the address is unused, or on another link (check the route's next hop)", List.of());
        }
        if (p.ignored() != null) {
            return ignored(p, p.ignored());
        }
        TraceStep.Transformed held = p.held();
        if (held != null) {
            return new DropExplanation("reassembly", p.number(), held.node(), null, null, null, null, held.cause(),
                    "the rest of its datagram never came to " + held.node() + " (lost, or dropped on the way): the"
                            + " queue is dropped after net.ipv4.ipfrag_time (a replay's --linger lets the clock run"
                            + " that far)", List.of());
        }
        String last = p.steps().isEmpty() ? p.origin() : p.steps().get(p.steps().size() - 1).node();
        return new DropExplanation("unknown", p.number(), last, null, null, null, null,
                "packet " + p.number() + " never arrived", "see its last step", List.of());
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        // "! -i X" negates: then the rule is not about packets on X.
        return m.find() && m.group(1) == null ? m.group(2) : null;
    }
}
