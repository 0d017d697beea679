package io.bridgelab.sim.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DropExplainerTest {
    private static Trace trace(TraceStep... steps) {
        List<PacketTrace> packets = List.of(new PacketTrace(1, "peer", "a > b", List.of(steps)));
        return new Trace("t", "f", packets, Trace.dispositionOf(packets, 1));
    }

    private static TraceStep.RuleEvaluated rule(String chain, int n, String text, boolean matched, String reason) {
        return new TraceStep.RuleEvaluated("host", "filter", chain, n, text, matched, reason);
    }

    @Test
    void aMatchingDropRuleIsNamedAsIptablesSPrintsItWithTheIccHint() {
        DropExplanation e = DropExplainer.explain(trace(
                new TraceStep.FdbHit("host", "br0", "02:42:ac:14:00:02", "vethb", false),
                rule("FORWARD", 1, "-o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", false, "NEW"),
                rule("FORWARD", 2, "-o br0 -j DOCKER", true, null),
                new TraceStep.PolicyApplied("host", "filter", "DOCKER", "RETURN"),
                rule("FORWARD", 3, "-i br0 -o br0 -j DROP", true, null),
                new TraceStep.Dropped("host", "DROP by rule filter FORWARD:3")));
        assertThat(e.kind()).isEqualTo("rule");
        assertThat(e.where()).isEqualTo("filter:FORWARD:3");
        assertThat(e.rule()).isEqualTo("-A FORWARD -i br0 -o br0 -j DROP");
        assertThat(e.hint()).startsWith("enable_icc=false: FORWARD rule 3 drops br0->br0");
        assertThat(e.missedAccepts()).extracting(DropExplanation.MissedRule::where).containsExactly("filter:FORWARD:1");
    }

    @Test
    void aNegatedInterfaceIsNotTakenForIcc() {
        DropExplanation e = DropExplainer.explain(trace(rule("FORWARD", 1, "! -i br0 -o br0 -j DROP", true, null),
                new TraceStep.Dropped("host", "DROP by rule filter FORWARD:1")));
        assertThat(e.hint()).doesNotContain("enable_icc").contains("FORWARD rule 1 matched and drops");
    }

    /** An administrator's DOCKER-USER rule between two ports of one bridge is not Docker's icc rule. */
    @Test
    void aDockerUserRejectIsTheAdministratorsAndItsAnsweredExchangeIsRefused() {
        Trace t = trace(rule("DOCKER-USER", 3, "-i docker0 -o docker0 -p tcp -m tcp --dport 80 -j REJECT"
                        + " --reject-with tcp-reset", true, null),
                new TraceStep.Dropped("host", "REJECT (tcp-reset) by rule filter DOCKER-USER:3"));
        assertThat(DropExplainer.explain(t).hint()).isEqualTo("a rule an administrator added to DOCKER-USER rejects it");
        assertThat(t.disposition().kind()).isEqualTo(Disposition.Kind.REFUSED);
        assertThat(t.disposition().detail()).contains("rejected in host").endsWith("the kernel answers the sender");
        Trace unanswered = trace(rule("DOCKER-USER", 3, "-p tcp -j REJECT --reject-with tcp-reset", true, null),
                new TraceStep.Dropped("host", "REJECT (tcp-reset) by rule filter DOCKER-USER:3"
                        + TraceStep.Dropped.NO_ANSWER + "an RST is never answered with an RST"));
        assertThat(unanswered.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
    }

    @Test
    void isolationAndPolicyDropsAreExplained() {
        assertThat(DropExplainer.explain(trace(rule("DOCKER-ISOLATION-STAGE-2", 1, "-o br0 -j DROP", true, null),
                new TraceStep.Dropped("host", "DROP by rule filter DOCKER-ISOLATION-STAGE-2:1"))).hint())
                .startsWith("network isolation").contains("br0");
        DropExplanation policy = DropExplainer.explain(trace(rule("FORWARD", 1, "-i docker0 -j ACCEPT", false, "in=eth0"),
                new TraceStep.PolicyApplied("host", "filter", "FORWARD", "DROP"),
                new TraceStep.Dropped("host", "DROP by policy DROP of filter FORWARD")));
        assertThat(policy.kind()).isEqualTo("policy");
        assertThat(policy.where()).isEqualTo("filter:FORWARD:policy");
        assertThat(policy.rule()).isNull();
        assertThat(policy.missedAccepts()).hasSize(1);
    }

    @Test
    void missingRouteUnansweredArpAndClosedPortAreNamed() {
        assertThat(DropExplainer.explain(trace(new TraceStep.Dropped("c", "no route to 10.9.9.9"))).kind())
                .isEqualTo("no-route");
        DropExplanation arp = DropExplainer.explain(trace(
                new TraceStep.Generated("c", "ping", "x"),
                new TraceStep.ArpRequested("c", "eth0", "172.17.0.99")));
        assertThat(arp.kind()).isEqualTo("arp-unresolved");
        assertThat(arp.reason()).contains("172.17.0.99").contains("eth0");
        DropExplanation refused = DropExplainer.explain(trace(
                new TraceStep.Delivered("host", "no socket bound to udp 1.2.3.4:9", false)));
        assertThat(refused.kind()).isEqualTo("no-socket");
        assertThat(refused.node()).isEqualTo("host");
    }

    @Test
    void anInterfaceThatDoesNotForwardIsNamed() {
        DropExplanation e = DropExplainer.explain(trace(new TraceStep.Dropped("host", "192.168.1.20 is not local and"
                + " net.ipv4.conf.docker0.forwarding=0 (ip_forward is 1, but the kernel asks the interface the packet"
                + " came in by): not forwarded")));
        assertThat(e.kind()).isEqualTo("kernel");
        assertThat(e.hint()).endsWith("sysctl -w net.ipv4.conf.docker0.forwarding=1");
    }

    @Test
    void aDeliveredExchangeNeedsNoExplanation() {
        assertThat(DropExplainer.explain(trace(new TraceStep.Delivered("s", "socket", true)))).isNull();
        assertThat(DropExplainer.explain(new Trace("t", "f", List.of(), Trace.dispositionOf(List.of(), 1)))).isNull();
    }
}
