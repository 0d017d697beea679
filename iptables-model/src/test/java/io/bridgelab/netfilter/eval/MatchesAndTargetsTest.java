package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.echo;
import static io.bridgelab.netfilter.conntrack.TestPackets.ip;
import static io.bridgelab.netfilter.conntrack.TestPackets.tcp;
import static io.bridgelab.netfilter.conntrack.TestPackets.udp;
import static io.bridgelab.netfilter.eval.DockerRuleset.header;
import static io.bridgelab.netfilter.eval.DockerRuleset.i;
import static io.bridgelab.netfilter.eval.DockerRuleset.rule;
import static io.bridgelab.netfilter.packet.TcpFlags.ACK;
import static io.bridgelab.netfilter.packet.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConnmarkTarget;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.CtStatus;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.FragmentMatch;
import io.bridgelab.netfilter.rule.IcmpMatch;
import io.bridgelab.netfilter.rule.IcmpTypeSpec;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IprangeMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PhysdevMatch;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.SctpMatch;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.StateMatch;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.TcpFlagsSpec;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

/** One rule at a time in filter INPUT (policy DROP): does the packet get ACCEPTed by it, and if not, why. */
class MatchesAndTargetsTest {

    private static HookResult input(Packet p, Match... matches) {
        return input(p, header(), matches);
    }

    private static HookResult input(Packet p, io.bridgelab.netfilter.rule.IpHeaderMatch h, Match... matches) {
        Table filter = new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.DROP, List.of(rule(h, Accept.INSTANCE, matches))),
                Chain.builtin("FORWARD", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of())));
        Netfilter nf = new Netfilter(new Ruleset(List.of(filter)), DockerRuleset.host(), new ConntrackTable(),
                Netfilter.Mode.REFERENCE);
        Packet in = p.metadata().inInterface() == null ? p.withMetadata(p.metadata().withInInterface("eth0")) : p;
        HookResult pre = nf.run(Hook.PREROUTING, in, null, 0, true);
        return nf.run(Hook.INPUT, pre.packet(), pre.tracked(), 0, true);
    }

    private static String reason(HookResult r) {
        return r.trace().stream().filter(e -> e instanceof TraceEvent.NoMatch).map(e -> ((TraceEvent.NoMatch) e).reason())
                .findFirst().orElse(null);
    }

    @Test
    void headerOptionsSayWhyTheyFail() {
        Packet p = tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN);
        assertThat(input(p, header().withInInterface(i("docker0"))).accepted()).isFalse();
        assertThat(reason(input(p, header().withInInterface(i("docker0"))))).isEqualTo("-i docker0 did not match: in=eth0");
        assertThat(input(p, header().withInInterface(Negatable.of(new InterfaceName("eth+")))).accepted()).isTrue();
        assertThat(reason(input(p, header().withSource(Negatable.not(io.bridgelab.netfilter.packet.Cidr.parse(
                "192.168.1.0/24")))))).isEqualTo("! -s 192.168.1.0/24 did not match: src=192.168.1.20");
        assertThat(reason(input(p, header().withProtocol(Negatable.of(17))))).isEqualTo("-p udp did not match: proto=tcp");
        assertThat(input(p, header().withFragment(FragmentMatch.NOT_LATER_FRAGMENTS)).accepted()).isTrue();
    }

    @Test
    void portModulesAndFlags() {
        Packet syn = tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN);
        assertThat(input(syn, TcpMatch.destinationPort(80)).accepted()).isTrue();
        assertThat(reason(input(syn, TcpMatch.destinationPort(81)))).isEqualTo("--dport 81 did not match: dport=80");
        assertThat(input(syn, new TcpMatch(Negatable.not(new PortRange(1, 999)), null, Negatable.of(TcpFlagsSpec.SYN),
                null)).accepted()).isTrue();
        assertThat(input(tcp("192.168.1.20", 1000, "192.168.1.10", 80, ACK),
                new TcpMatch(null, null, Negatable.of(TcpFlagsSpec.SYN), null)).accepted()).isFalse();
        assertThat(input(udp("192.168.1.20", 53, "192.168.1.10", 5353), UdpMatch.destinationPort(5353)).accepted())
                .isTrue();
        assertThat(input(syn, UdpMatch.destinationPort(80)).accepted()).isFalse();
        assertThat(input(syn, new MultiportMatch(MultiportMatch.Direction.EITHER, List.of(PortRange.single(1000)),
                false)).accepted()).isTrue();
        assertThat(input(syn, new MultiportMatch(MultiportMatch.Direction.DESTINATION,
                List.of(new PortRange(70, 90)), true)).accepted()).isFalse();
        assertThat(input(echo("192.168.1.20", "192.168.1.10", 8, 1), new IcmpMatch(Negatable.of(IcmpTypeSpec.type(8))))
                .accepted()).isTrue();
    }

    @Test
    void sctpPortsAreReadFromTheUndecodedCommonHeader() {
        // SCTP common header: source port 5000, destination port 80, verification tag, checksum.
        Packet sctp = io.bridgelab.netfilter.conntrack.TestPackets.datagram("192.168.1.20", "192.168.1.10",
                new OpaqueTransport(132, Bytes.ofHex("1388005000000000" + "00000000")))
                .withMetadata(Metadata.NONE.withInInterface("eth0"));
        assertThat(input(sctp, new SctpMatch(null, Negatable.of(PortRange.single(80)))).accepted()).isTrue();
        assertThat(input(sctp, new SctpMatch(Negatable.of(PortRange.single(5000)), Negatable.not(PortRange.single(81))))
                .accepted()).isTrue();
        assertThat(reason(input(sctp, new SctpMatch(null, Negatable.of(PortRange.single(81))))))
                .isEqualTo("--dport 81 did not match: dport=80");
        assertThat(reason(input(tcp("192.168.1.20", 5000, "192.168.1.10", 80, SYN),
                new SctpMatch(null, Negatable.of(PortRange.single(80)))))).isEqualTo("-m sctp did not match: not a first SCTP chunk");
        Packet truncated = io.bridgelab.netfilter.conntrack.TestPackets.datagram("192.168.1.20", "192.168.1.10",
                new OpaqueTransport(132, Bytes.ofHex("1388"))).withMetadata(Metadata.NONE.withInInterface("eth0"));
        assertThat(reason(input(truncated, new SctpMatch(null, Negatable.of(PortRange.single(80))))))
                .isEqualTo("-m sctp did not match: SCTP header truncated (2 bytes)");
    }

    @Test
    void laterFragmentsNeverMatchPortsEvenNegated() {
        Ipv4Header h = new Ipv4Header(0, 28, 1, false, false, 10, 64, 6, 0, ip("192.168.1.20"), ip("192.168.1.10"),
                null);
        Packet frag = new Packet(null, new Ipv4Datagram(h, new OpaqueTransport(6, Bytes.ofHex("0000000000000000"))))
                .withMetadata(Metadata.NONE.withInInterface("eth0"));
        assertThat(input(frag, new TcpMatch(null, Negatable.not(PortRange.single(80)), null, null)).accepted()).isFalse();
        assertThat(input(frag, header().withFragment(FragmentMatch.LATER_FRAGMENTS)).accepted()).isTrue();
    }

    @Test
    void addrtypeWithAndWithoutInterfaceLimit() {
        Packet p = tcp("192.168.1.20", 1000, "172.17.0.1", 80, SYN);
        assertThat(input(p, AddrtypeMatch.destinationLocal()).accepted()).isTrue();
        assertThat(input(p, new AddrtypeMatch(null, Negatable.of(Set.of(AddressType.LOCAL)), true, false)).accepted())
                .as("172.17.0.1 is docker0's, the packet came in on eth0").isFalse();
        assertThat(input(tcp("192.168.1.20", 1000, "192.168.1.255", 80, SYN),
                new AddrtypeMatch(null, Negatable.of(Set.of(AddressType.BROADCAST)), false, false)).accepted()).isTrue();
    }

    @Test
    void conntrackStateStatusAndDirection() {
        Packet p = tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN);
        assertThat(input(p, ConntrackMatch.state(Set.of(CtState.NEW))).accepted()).isTrue();
        assertThat(input(p, new StateMatch(Negatable.not(Set.of(CtState.ESTABLISHED)))).accepted()).isTrue();
        assertThat(reason(input(p, ConntrackMatch.state(Set.of(CtState.DNAT)))))
                .isEqualTo("-m conntrack --ctstate DNAT did not match: NEW");
        assertThat(input(p, new ConntrackMatch(null, Negatable.of(6), Negatable.of(
                io.bridgelab.netfilter.packet.Cidr.parse("192.168.1.0/24")), null, null, null, null,
                Negatable.of(PortRange.single(80)), null, null, Negatable.not(Set.of(CtStatus.SEEN_REPLY)),
                ConntrackMatch.Direction.ORIGINAL)).accepted()).isTrue();
        assertThat(input(tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN | io.bridgelab.netfilter.packet.TcpFlags.FIN),
                ConntrackMatch.state(Set.of(CtState.INVALID))).accepted()).isTrue();
    }

    @Test
    void markCommentPhysdevIprange() {
        Packet p = tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN);
        assertThat(input(p.withMetadata(Metadata.NONE.withInInterface("eth0").withMark(5)),
                new io.bridgelab.netfilter.rule.MarkMatch(4, 6, false)).accepted()).isTrue();
        assertThat(input(p, new CommentMatch("hello")).accepted()).isTrue();
        Packet bridged = p.withMetadata(Metadata.NONE.withInInterface("docker0").withBridgePorts("veth1", null));
        assertThat(input(bridged, new PhysdevMatch(Negatable.of(new InterfaceName("veth+")), null, FlagOption.SET,
                FlagOption.ABSENT, FlagOption.NEGATED)).accepted()).isTrue();
        assertThat(input(p, new PhysdevMatch(Negatable.of(new InterfaceName("veth1")), null, null, null, null))
                .accepted()).isFalse();
        assertThat(input(p, new PhysdevMatch(Negatable.not(new InterfaceName("veth1")), null, null, null, null))
                .accepted()).as("not bridged: only negated options match").isTrue();
        assertThat(input(p, new IprangeMatch(Negatable.of(new AddressRange(ip("192.168.1.1"), ip("192.168.1.30"))),
                null)).accepted()).isTrue();
    }

    @Test
    void notrackMakesThePacketUntracked() {
        Table raw = new Table(TableName.RAW, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(rule(header(), CtTarget.NOTRACK))),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of())));
        Netfilter nf = new Netfilter(new Ruleset(List.of(raw)), DockerRuleset.host(), new ConntrackTable(),
                Netfilter.Mode.FAST);
        Packet p = tcp("192.168.1.20", 1000, "192.168.1.10", 80, SYN).withMetadata(Metadata.NONE.withInInterface("eth0"));
        HookResult pre = nf.run(Hook.PREROUTING, p, null, 0, false);
        assertThat(pre.tracked().state()).isEqualTo(PacketState.UNTRACKED);
        nf.run(Hook.INPUT, pre.packet(), pre.tracked(), 0, false);
        assertThat(nf.conntrack().connections(0)).isEmpty();
    }

    @Test
    void ctZoneSeparatesConnectionsAndIsListed() {
        Table raw = new Table(TableName.RAW, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(rule(header().withInInterface(i("docker0")),
                        new CtTarget(false, null, 7)))),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of())));
        Netfilter nf = new Netfilter(new Ruleset(List.of(raw)), DockerRuleset.host(), new ConntrackTable(),
                Netfilter.Mode.FAST);
        Packet syn = tcp("172.17.0.2", 1000, "192.168.1.10", 80, SYN);
        Paths.input(nf, syn, "docker0", 0, false);
        Paths.Walk other = Paths.input(nf, syn, "eth0", 1, false);
        assertThat(other.tracked().state()).as("zone 0 has not seen it").isEqualTo(PacketState.NEW);
        assertThat(nf.conntrack().connections(2)).hasSize(2);
        // As the kernel lists a zoned entry: "... mark=0 zone=7 use=1".
        assertThat(io.bridgelab.netfilter.conntrack.ConntrackListing.line(nf.conntrack().connections(2).get(0), 2))
                .endsWith(" mark=0 zone=7 use=1");
    }

    @Test
    void redirectSnatRangeAndConnmark() {
        Table nat = new Table(TableName.NAT, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(rule(DockerRuleset.tcp(),
                        new Redirect(PortRange.single(3128), false), TcpMatch.destinationPort(80)))),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("POSTROUTING", Policy.ACCEPT, List.of(rule(header(), new Snat(new NatRange(
                        new AddressRange(ip("192.168.1.100"), ip("192.168.1.103")), new PortRange(2000, 2001)),
                        false, false, false))))));
        Table mangle = new Table(TableName.MANGLE, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(
                        rule(header(), new ConnmarkTarget(ConnmarkTarget.Mode.SET_XMARK, 9, 0xffffffffL, 0)),
                        rule(header(), new ConnmarkTarget(ConnmarkTarget.Mode.RESTORE, 0, 0xffffffffL, 0xffffffffL)))),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()), Chain.builtin("FORWARD", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()), Chain.builtin("POSTROUTING", Policy.ACCEPT, List.of())));
        Netfilter nf = new Netfilter(new Ruleset(List.of(mangle, nat)), DockerRuleset.host(), new ConntrackTable(),
                Netfilter.Mode.FAST);
        Paths.Walk in = Paths.input(nf, tcp("192.168.1.20", 1000, "8.8.4.4", 80, SYN), "docker0", 0, false);
        assertThat(in.packet().ip().destination()).isEqualTo(ip("172.17.0.1"));
        assertThat(in.packet().destinationPort()).isEqualTo(3128);
        assertThat(in.packet().metadata().mark()).isEqualTo(9);
        assertThat(in.tracked().connection().mark()).isEqualTo(9);
        Paths.Walk out = Paths.forward(nf, udp("172.17.0.2", 5000, "8.8.8.8", 53), "docker0", "eth0", 0, false);
        assertThat(out.packet().ip().source().bits()).isBetween(ip("192.168.1.100").bits(), ip("192.168.1.103").bits());
        assertThat(out.packet().sourcePort()).isBetween(2000, 2001);
        assertThat(out.tracked().connection().isSourceNatted()).isTrue();
    }


}
