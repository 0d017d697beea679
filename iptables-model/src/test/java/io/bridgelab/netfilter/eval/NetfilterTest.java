package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.icmpError;
import static io.bridgelab.netfilter.conntrack.TestPackets.ip;
import static io.bridgelab.netfilter.conntrack.TestPackets.tcp;
import static io.bridgelab.netfilter.conntrack.TestPackets.udp;
import static io.bridgelab.netfilter.eval.DockerRuleset.header;
import static io.bridgelab.netfilter.eval.DockerRuleset.rule;
import static io.bridgelab.netfilter.packet.TcpFlags.ACK;
import static io.bridgelab.netfilter.packet.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.MarkMatch;
import io.bridgelab.netfilter.rule.MarkTarget;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

class NetfilterTest {

    private static Netfilter docker(Netfilter.Mode mode) {
        return new Netfilter(DockerRuleset.ruleset(), DockerRuleset.host(), new ConntrackTable(), mode);
    }

    private static List<String> hits(Paths.Walk w) {
        return w.trace().stream().filter(e -> e instanceof TraceEvent.RuleHit).map(Object::toString).toList();
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void publishedPortIsDnattedForwardedAndRepliesAreReversed(Netfilter.Mode mode) {
        Netfilter nf = docker(mode);
        Paths.Walk syn = Paths.forward(nf, tcp("192.168.1.20", 51870, "192.168.1.10", 8088, SYN), "eth0", "docker0",
                0, true);
        assertThat(syn.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(syn.packet().ip().destination()).isEqualTo(ip("172.17.0.2"));
        assertThat(syn.packet().destinationPort()).isEqualTo(80);
        assertThat(hits(syn)).containsExactly(
                "nat:PREROUTING:rule:1", "nat:DOCKER:rule:3",
                "filter:FORWARD:rule:1", "filter:DOCKER-USER:return:1",
                "filter:FORWARD:rule:2", "filter:DOCKER-ISOLATION-STAGE-1:return:3",
                "filter:FORWARD:rule:7", "filter:DOCKER:rule:1",
                "nat:POSTROUTING:policy:6");
        assertThat(syn.trace()).anySatisfy(e -> assertThat(e.toString())
                .isEqualTo("nat:DOCKER:1 no match: -i br-995e2caec5d2 did not match: in=eth0"));
        assertThat(nf.conntrack().connections(0)).hasSize(1);
        assertThat(ConntrackListing.line(nf.conntrack().connections(0).get(0), 0)).isEqualTo(
                "tcp      6 120 SYN_SENT src=192.168.1.20 dst=192.168.1.10 sport=51870 dport=8088 [UNREPLIED] "
                        + "src=172.17.0.2 dst=192.168.1.20 sport=80 dport=51870 mark=0 use=1");

        Paths.Walk synAck = Paths.forward(nf, tcp("172.17.0.2", 80, "192.168.1.20", 51870, SYN | ACK), "docker0",
                "eth0", 1, false);
        assertThat(synAck.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(synAck.tracked().state()).isEqualTo(PacketState.ESTABLISHED);
        assertThat(synAck.packet().ip().source()).isEqualTo(ip("192.168.1.10"));
        assertThat(synAck.packet().sourcePort()).isEqualTo(8088);
        assertThat(hits(synAck)).doesNotContain("nat:PREROUTING:rule:1").contains("filter:FORWARD:rule:8");

        Paths.walkAck(nf);
        Ruleset counted = nf.countedRuleset();
        Table nat = counted.table(TableName.NAT);
        assertThat(nat.chain("DOCKER").rules().get(2).counters()).isEqualTo(new Counters(1, 40));
        assertThat(nat.chain("POSTROUTING").policyCounters()).isEqualTo(new Counters(1, 40));
        // The ACK is ESTABLISHED: FORWARD rule 6 accepts it before the DOCKER chain sees it.
        assertThat(counted.table(TableName.FILTER).chain("DOCKER").rules().get(0).counters())
                .isEqualTo(new Counters(1, 40));
        assertThat(counted.table(TableName.FILTER).chain("FORWARD").rules().get(5).counters())
                .isEqualTo(new Counters(1, 40));
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void containerTrafficIsMasqueradedAsTheHost(Netfilter.Mode mode) {
        Netfilter nf = docker(mode);
        Paths.Walk out = Paths.forward(nf, udp("172.17.0.2", 5353, "8.8.8.8", 53), "docker0", "eth0", 0, false);
        assertThat(out.packet().ip().source()).isEqualTo(ip("192.168.1.10"));
        assertThat(out.packet().sourcePort()).isEqualTo(5353);
        assertThat(hits(out)).contains("nat:POSTROUTING:rule:2").doesNotContain("nat:DOCKER:rule:3");
        Paths.Walk back = Paths.forward(nf, udp("8.8.8.8", 53, "192.168.1.10", 5353), "eth0", "docker0", 5, false);
        assertThat(back.packet().ip().destination()).isEqualTo(ip("172.17.0.2"));
        assertThat(hits(back)).contains("filter:FORWARD:rule:6");
    }

    /**
     * nf_nat_icmp_reply_translation's rule for ICMP redirects (measured in fixtures/scenarios/redirect): NAT drops a
     * redirect about a connection whose NAT is not done both ways (the first packet, redirected in ip_forward before
     * POSTROUTING), and one about a NATed connection; a later packet of a connection NAT left alone gets it out.
     */
    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void natDropsARedirectBeforeTheConnectionsNatIsDoneAndForANatedOne(Netfilter.Mode mode) {
        Netfilter nf = docker(mode);
        Packet first = udp("172.17.0.2", 5000, "10.9.0.1", 9);
        HookResult pre = nf.run(Hook.PREROUTING, first.withMetadata(Metadata.NONE
                .withInInterface("docker0")), null, 0, Netfilter.Detail.EXPLAIN);
        HookResult redirect = nf.run(Hook.OUTPUT, redirectAbout(pre.packet()), pre.tracked().answer(), 0,
                Netfilter.Detail.EXPLAIN);
        assertThat(redirect.accepted()).isFalse();
        assertThat(redirect.trace()).anySatisfy(e -> assertThat(e).isEqualTo(new TraceEvent.NatDropped(Hook.OUTPUT,
                "an ICMP redirect about a connection whose NAT is not done yet: nf_nat_icmp_reply_translation drops"
                        + " it")));

        // The first packet goes on (docker0 to docker0: no MASQUERADE, a null binding); the second gets its redirect.
        assertThat(Paths.forward(nf, first, "docker0", "docker0", 0, false).verdict()).isEqualTo(Verdict.ACCEPT);
        Paths.Walk second = Paths.forward(nf, first, "docker0", "docker0", 100, false);
        HookResult later = nf.run(Hook.OUTPUT, redirectAbout(second.packet()), second.tracked().answer(), 100,
                Netfilter.Detail.EXPLAIN);
        assertThat(later.accepted()).isTrue();

        // A MASQUERADEd connection (docker0 to eth0): its redirects are dropped however far it is.
        Packet out = udp("172.17.0.2", 5001, "8.8.8.8", 53);
        Paths.forward(nf, out, "docker0", "eth0", 200, false);
        HookResult masqueraded = nf.run(Hook.PREROUTING, out.withMetadata(Metadata.NONE
                .withInInterface("docker0")), null, 300, Netfilter.Detail.EXPLAIN);
        HookResult dropped = nf.run(Hook.OUTPUT, redirectAbout(masqueraded.packet()), masqueraded.tracked().answer(),
                300, Netfilter.Detail.EXPLAIN);
        assertThat(dropped.accepted()).isFalse();
        assertThat(dropped.trace()).anySatisfy(e -> assertThat(e.toString()).contains("about a NATed connection"));
    }

    /** The host's redirect to 172.17.0.2 about {@code packet}: use 172.17.0.4 for its destination. */
    private static Packet redirectAbout(Packet packet) {
        return icmpError("172.17.0.1", "172.17.0.2", 5, 1, packet)
                .withMetadata(Metadata.NONE.withOutInterface("docker0"));
    }

    /** Docker's ruleset with DOCKER-USER rejecting the outside client's connections to the container's port 80. */
    private static Netfilter dockerRejecting(Netfilter.Mode mode) {
        Table filter = DockerRuleset.filter();
        List<Chain> chains = filter.chains().stream().map(c -> !c.name().equals("DOCKER-USER") ? c
                : Chain.user("DOCKER-USER", List.of(
                        rule(DockerRuleset.tcp().withSource(DockerRuleset.cidr("192.168.1.20/32")),
                                new Reject(RejectWith.TCP_RESET), io.bridgelab.netfilter.rule.TcpMatch.destinationPort(80)),
                        rule(header(), Return.INSTANCE)))).toList();
        Ruleset rules = new Ruleset(List.of(new Table(TableName.FILTER, chains),
                DockerRuleset.ruleset().table(TableName.NAT)));
        return new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(), mode);
    }

    /**
     * REJECT's RST to a DNATed SYN (measured in fixtures/scenarios/reject): it comes with the rejected SYN's
     * connection, RELATED in the reply direction; nat OUTPUT is not walked (the DNAT binding is there), nat POSTROUTING
     * is (no source binding yet), and its MASQUERADE rule binds one, as the kernel counts it; the source goes back
     * to the published address and port; the connection never enters the table.
     */
    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void aRejectsAnswerGoesOutWithTheRejectedPacketsConnection(Netfilter.Mode mode) {
        Netfilter nf = dockerRejecting(mode);
        Paths.Walk syn = Paths.forward(nf, tcp("192.168.1.20", 51710, "192.168.1.10", 8088, SYN), "eth0", "docker0",
                0, false);
        assertThat(syn.verdict()).isEqualTo(Verdict.DROP);
        assertThat(syn.hooks().get(1).reject()).isEqualTo(RejectWith.TCP_RESET);
        assertThat(nf.lastReject()).isEqualTo(RejectWith.TCP_RESET);
        io.bridgelab.netfilter.conntrack.Tracked attached = syn.tracked().answer();
        assertThat(attached.state()).isEqualTo(PacketState.RELATED);
        assertThat(attached.direction()).isEqualTo(io.bridgelab.netfilter.conntrack.Direction.REPLY);

        Packet rst = tcp("172.17.0.2", 80, "192.168.1.20", 51710, io.bridgelab.netfilter.packet.TcpFlags.RST | ACK)
                .withMetadata(Metadata.NONE.withOutInterface("eth0"));
        HookResult out = nf.run(Hook.OUTPUT, rst, attached, 0, Netfilter.Detail.HITS);
        assertThat(out.accepted()).isTrue();
        assertThat(out.tracked().connection()).isSameAs(attached.connection());
        assertThat(out.packet().ip().source()).isEqualTo(ip("172.17.0.2"));
        HookResult post = nf.run(Hook.POSTROUTING, out.packet(), out.tracked(), 0, Netfilter.Detail.HITS);
        assertThat(post.accepted()).isTrue();
        assertThat(post.packet().ip().source()).isEqualTo(ip("192.168.1.10"));
        assertThat(post.packet().sourcePort()).isEqualTo(8088);
        assertThat(post.trace().stream().filter(e -> e instanceof TraceEvent.RuleHit).map(Object::toString))
                .containsExactly("nat:POSTROUTING:rule:2");

        Table nat = nf.countedRuleset().table(TableName.NAT);
        assertThat(nat.chain("OUTPUT").policyCounters()).isEqualTo(new Counters(0, 0));
        assertThat(nat.chain("POSTROUTING").rules().get(1).counters()).isEqualTo(new Counters(1, 40));
        assertThat(nf.conntrack().connections(0)).isEmpty();
    }

    /** A packet with no connection (INVALID) gets an answer conntrack looks up like any packet: nothing attached. */
    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void anAnswerToAPacketWithoutAConnectionHasNothingAttached(Netfilter.Mode mode) {
        assertThat(io.bridgelab.netfilter.conntrack.Tracked.INVALID.answer()).isNull();
        assertThat(io.bridgelab.netfilter.conntrack.Tracked.UNTRACKED.answer()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void droppedFirstPacketLeavesNoConnection(Netfilter.Mode mode) {
        Netfilter nf = docker(mode);
        Paths.Walk w = Paths.forward(nf, tcp("172.17.0.2", 1000, "172.20.0.2", 80, SYN), "docker0", DockerRuleset.BR,
                0, false);
        assertThat(w.verdict()).isEqualTo(Verdict.DROP);
        assertThat(hits(w)).contains("filter:DOCKER-ISOLATION-STAGE-2:rule:1");
        assertThat(nf.conntrack().connections(0)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void jumpGotoReturnAndPolicy(Netfilter.Mode mode) {
        Table filter = new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.DROP, List.of(
                        rule(header(), new Goto("G")),
                        rule(header(), Accept.INSTANCE))),
                Chain.builtin("FORWARD", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of(
                        rule(header(), new Jump("J")),
                        rule(header(), new Reject(RejectWith.TCP_RESET), new MarkMatch(7, 0xffffffffL, false)))),
                Chain.user("G", List.of(rule(header(), new Jump("J")))),
                Chain.user("J", List.of(
                        rule(header(), new MarkTarget(7, 0xffffffffL)),
                        rule(header(), Return.INSTANCE, new MarkMatch(7, 0xffffffffL, false)),
                        rule(header(), Drop.INSTANCE)))));
        Netfilter nf = new Netfilter(new Ruleset(List.of(filter)), DockerRuleset.host(), new ConntrackTable(), mode);
        Paths.Walk in = Paths.input(nf, tcp("192.168.1.20", 1, "192.168.1.10", 22, SYN), "eth0", 0, false);
        // goto G -> jump J -> RETURN to G -> G falls off -> nothing to pop (goto) -> INPUT policy DROP.
        assertThat(in.verdict()).isEqualTo(Verdict.DROP);
        assertThat(hits(in)).containsExactly("filter:INPUT:rule:1", "filter:G:rule:1", "filter:J:rule:1",
                "filter:J:rule:2", "filter:G:return:2", "filter:INPUT:policy:3");
        assertThat(in.packet().metadata().mark()).isEqualTo(7);
        Paths.Walk out = Paths.output(nf, tcp("192.168.1.10", 2, "192.168.1.20", 22, SYN), "eth0", 0, false);
        assertThat(out.verdict()).isEqualTo(Verdict.DROP);
        assertThat(out.hooks().get(0).reject()).isEqualTo(RejectWith.TCP_RESET);
        assertThat(nf.countedRuleset().table(TableName.FILTER).chain("INPUT").policyCounters())
                .isEqualTo(new Counters(1, 40));
    }

    /**
     * A built-in chain nf_tables keeps no statistics for (iptables -A made it, as dockerd makes its chains) still
     * applies its policy, and its policy counters stay as they were; its rules count as always.
     */
    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void aPolicyWithoutStatisticsDecidesButDoesNotCount(Netfilter.Mode mode) {
        Table filter = new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.DROP, List.of(rule(header(), Accept.INSTANCE,
                        new MarkMatch(7, 0xffffffffL, false)))).withPolicyCounters(new Counters(3, 300))
                        .withPolicyCounted(false),
                Chain.builtin("FORWARD", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()).withPolicyCounted(false)));
        Netfilter nf = new Netfilter(new Ruleset(List.of(filter)), DockerRuleset.host(), new ConntrackTable(), mode);
        Paths.Walk in = Paths.input(nf, tcp("192.168.1.20", 1, "192.168.1.10", 22, SYN), "eth0", 0, false);
        assertThat(in.verdict()).isEqualTo(Verdict.DROP);
        assertThat(hits(in)).containsExactly("filter:INPUT:policy:2");
        Paths.Walk out = Paths.output(nf, tcp("192.168.1.10", 2, "192.168.1.20", 22, SYN), "eth0", 0, false);
        assertThat(out.verdict()).isEqualTo(Verdict.ACCEPT);
        Table counted = nf.countedRuleset().table(TableName.FILTER);
        assertThat(counted.chain("INPUT").policyCounters()).isEqualTo(new Counters(3, 300));
        assertThat(counted.chain("INPUT").policyCounted()).isFalse();
        assertThat(counted.chain("INPUT").rules().get(0).counters()).isEqualTo(new Counters(0, 0));
        assertThat(counted.chain("OUTPUT").policyCounters()).isEqualTo(new Counters(0, 0));
        assertThat(counted.chain("FORWARD").policyCounted()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void jumpToAMissingChainIsRejectedAtLoad(Netfilter.Mode mode) {
        Table filter = new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.ACCEPT, List.of(rule(header(), new Jump("NOPE")))),
                Chain.builtin("FORWARD", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of())));
        assertThatThrownBy(() -> new Netfilter(new Ruleset(List.of(filter)), DockerRuleset.host(),
                new ConntrackTable(), mode)).hasMessageContaining("chain INPUT, rule 1: jump to missing chain NOPE");
    }

    static Packet ack() {
        return tcp("192.168.1.20", 51870, "192.168.1.10", 8088, ACK);
    }
}
