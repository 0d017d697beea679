package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.text.IptablesSaveWriter;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.RoutingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario files: the shipped example against the built-in world, and the file's own features. */
class ScenarioFileLoaderTest {
    static final Path EXAMPLE = Path.of("examples/port-mapping.yaml");
    private static final Path F = Path.of("test.yaml");

    static Scenario parse(String yaml) throws ScenarioFileException {
        return ScenarioFileLoader.parse(F, yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"port-mapping", "hairpin"})
    void theShippedExamplesAreTheBuiltinWorldsValueForValue(String name) throws Exception {
        Scenario s = ScenarioFileLoader.load(Path.of("examples/" + name + ".yaml"));
        Scenario builtin = BuiltinScenarios.named(name);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.flow()).isEqualTo(builtin.flow());
        assertThat(s.packets()).isEqualTo(builtin.packets());
        World expected = builtin.world();
        World actual = s.world();
        for (Node n : expected.nodes()) {
            assertThat(actual.node(n.name())).as(n.name()).isEqualTo(n);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).isEqualTo(name.equals("hairpin") ? DockerHost.article().hairpin().build()
                : DockerHost.article().build());
    }

    @Test
    void aMinimalFileGetsLoopbackIfindexesMacsAndImpliedPeers() throws Exception {
        World w = parse("""
                namespaces:
                  - name: a
                    interfaces:
                      - {name: br0, kind: bridge, nf_call_iptables: true, ageing_time: 10}
                      - {name: v1, master: br0, hairpin: true, peer: "b:eth0", route_localnet: true}
                  - name: b
                    interfaces:
                      - {name: eth0, addresses: [10.0.0.2/24]}
                """).world();
        Node a = w.node("a");
        assertThat(a.interfaces()).extracting(i -> i.name() + "#" + i.ifindex()).containsExactly("lo#1", "br0#2", "v1#3");
        Bridge br0 = (Bridge) a.iface("br0");
        assertThat(br0.nfCallIptables()).isTrue();
        assertThat(br0.ageingSeconds()).isEqualTo(10);
        Veth v1 = (Veth) a.iface("v1");
        assertThat(v1.port().hairpin()).isTrue();
        assertThat(a.sysctls().routeLocalnet("v1")).isTrue();
        assertThat(((Veth) w.node("b").iface("eth0")).peer()).isEqualTo(new Endpoint("a", "v1"));
        assertThat(v1.mac()).isEqualTo(InterfaceSpec.derivedMac("a", "v1"))
                .isNotEqualTo(w.node("b").iface("eth0").mac());
        assertThat(v1.mac().bits() >>> 40).isEqualTo(0x02);
    }

    @Test
    void ipRulesAreAddedToAFreshNamespacesAndRoutesGoToTheirTables() throws Exception {
        World w = parse("""
                namespaces:
                  - name: r
                    interfaces:
                      - {name: eth0, addresses: [10.1.0.1/24], peer: "x:eth0"}
                    routes:
                      - {to: 10.9.0.0/16, via: 10.1.0.2, table: 100, mtu: 1300}
                      - {to: 10.9.1.0/24, type: throw, table: 100}
                      - {to: 10.9.0.0/16, via: 10.1.0.2}
                    ip_rules:
                      - {priority: 100, from: 172.17.0.2, to: 10.9.0.0/16, lookup: 100}
                      - {fwmark: 0x1, action: prohibit}
                      - {fwmark: 2/0xff, action: blackhole, not: true, iif: eth0}
                      - {priority: 500, lookup: main, suppress_prefixlength: 0}
                  - name: x
                    interfaces:
                      - {name: eth0, addresses: [10.1.0.2/24]}
                """).world();
        Node r = w.node("r");
        // Without a priority, ip rule add takes the second rule's minus one (fib_default_rule_pref; measured: after
        // "pref 100", a rule added without one gets 99).
        assertThat(r.rules()).extracting(RoutingRule::toString).containsExactly(
                "0:\tfrom all lookup local",
                "98:\tnot from all fwmark 0x2/0xff iif eth0 blackhole",
                "99:\tfrom all fwmark 0x1 prohibit",
                "100:\tfrom 172.17.0.2 to 10.9.0.0/16 lookup 100",
                "500:\tfrom all lookup main suppress_prefixlength 0",
                "32766:\tfrom all lookup main",
                "32767:\tfrom all lookup default");
        assertThat(r.routes()).extracting(Route::toString).containsExactly(
                "10.9.0.0/16 via 10.1.0.2 dev eth0 table 100 mtu 1300", "throw 10.9.1.0/24 table 100",
                "10.9.0.0/16 via 10.1.0.2 dev eth0");
        assertThat(w.node("x").rules()).isEqualTo(RoutingRule.DEFAULTS);
    }

    @Test
    void aBridgeWithoutAMacTakesItsLowestPortsAsLinuxDoes() throws Exception {
        World w = parse("""
                namespaces:
                  - name: h
                    interfaces:
                      - {name: br0, kind: bridge}
                      - {name: p0, master: br0, mac: "02:00:00:00:00:09", peer: "c:eth0"}
                      - {name: p1, master: br0, mac: "02:00:00:00:00:03", peer: "d:eth0"}
                      - {name: br1, kind: bridge, mac: "02:00:00:00:00:ff"}
                      - {name: p2, master: br1, mac: "02:00:00:00:00:01", peer: "e:eth0"}
                      - {name: br2, kind: bridge}
                  - {name: c, interfaces: [{name: eth0}]}
                  - {name: d, interfaces: [{name: eth0}]}
                  - {name: e, interfaces: [{name: eth0}]}
                """).world();
        Node h = w.node("h");
        assertThat(h.iface("br0").mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:03"));
        assertThat(h.iface("br1").mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:ff")); // set by hand
        assertThat(h.iface("br2").mac()).isNotEqualTo(MacAddress.ZERO); // no port: its own
    }

    @Test
    void anInterfaceHasTheDefaultMtuOrItsOwnAndABridgeItsPortsSmallest() throws Exception {
        World w = parse("""
                namespaces:
                  - name: h
                    interfaces:
                      - {name: br0, kind: bridge}
                      - {name: p0, master: br0, peer: "c:eth0", mtu: 1450}
                      - {name: p1, master: br0, peer: "d:eth0"}
                      - {name: br1, kind: bridge, mtu: 9000}
                      - {name: p2, master: br1, peer: "e:eth0", mtu: 1400}
                      - {name: br2, kind: bridge}
                      - {name: eth0, kind: wire, peer: "f:eth0", mtu: 1400}
                  - {name: c, interfaces: [{name: eth0, mtu: 1450}]}
                  - {name: f, interfaces: [{name: eth0, kind: wire, mtu: 1400}]}
                  - {name: d, interfaces: [{name: eth0}]}
                  - {name: e, interfaces: [{name: eth0}]}
                """).world();
        Node h = w.node("h");
        assertThat(h.interfaces()).extracting(i -> i.name() + "=" + i.mtu()).containsExactly("lo=65536", "br0=1450",
                "p0=1450", "p1=1500", "br1=9000", "p2=1400", "br2=1500", "eth0=1400");
        assertThat(w.node("c").iface("eth0").mtu()).isEqualTo(1450);
    }

    @Test
    void aRouteMayHaveAnMtu() throws Exception {
        World w = parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: eth0, kind: wire, peer: "o:eth0", addresses: [10.0.0.1/24]}]
                    routes: [{to: 10.9.0.0/16, via: 10.0.0.2, mtu: 1300}]
                  - {name: o, interfaces: [{name: eth0, kind: wire, addresses: [10.0.0.2/24]}]}
                """).world();
        assertThat(w.node("h").routes()).map(Route::toString).contains("10.9.0.0/16 via 10.0.0.2 dev eth0 mtu 1300");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    routes: [{to: 10.9.0.0/16, type: blackhole, mtu: 1300}]
                """)).isInstanceOf(ScenarioFileException.class).hasMessageContaining("an mtu is for routes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"67", "65536", "big"})
    void anMtuOutsideWhatTheKernelTakesIsRefusedWhereItIsWritten(String mtu) {
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces:
                      - {name: eth0, kind: wire, mtu: %s}
                """.formatted(mtu))).isInstanceOf(ScenarioFileException.class).hasMessageContaining("test.yaml:4")
                .hasMessageContaining("mtu");
    }

    @Test
    void dockerShorthandFollowsIccAndMasqueradeSwitches() throws Exception {
        Scenario s = parse("""
                namespaces:
                  - name: host
                    interfaces:
                      - {name: docker0, kind: bridge, addresses: [172.17.0.1/16]}
                      - {name: veth0, master: docker0, peer: "c:eth0"}
                    docker:
                      icc: false
                      ip_masquerade: false
                      userland_proxy: false
                      publish:
                        - {container: 172.17.0.2, host_port: 5353, port: 53, proto: udp}
                  - name: c
                    interfaces:
                      - {name: eth0, addresses: [172.17.0.2/16]}
                """);
        Node host = s.world().node("host");
        String rules = IptablesSaveWriter.write(host.ruleset());
        assertThat(rules).contains("-A FORWARD -i docker0 -o docker0 -j DROP")
                .doesNotContain("-A FORWARD -i docker0 -o docker0 -j ACCEPT")
                .doesNotContain("-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE")
                .contains("-A DOCKER -p udp -m udp --dport 5353 -j DNAT --to-destination 172.17.0.2:53");
        assertThat(host.sockets()).isEmpty(); // no userland proxy
        assertThat(host.sysctls().ipForward()).isTrue();
    }

    @Test
    void theShorthandsUdpProxyRelaysTheHostsOwnDatagramToTheContainer() throws Exception {
        Scenario s = parse("""
                namespaces:
                  - name: host
                    interfaces:
                      - {name: docker0, kind: bridge, addresses: [172.17.0.1/16]}
                      - {name: veth0, master: docker0, peer: "c:eth0"}
                    docker:
                      publish:
                        - {container: 172.17.0.2, host_port: 5353, port: 53, proto: udp}
                  - name: c
                    interfaces:
                      - {name: eth0, addresses: [172.17.0.2/16]}
                    routes: [{to: default, via: 172.17.0.1}]
                    listen:
                      - {proto: udp, port: 53, response: "answer"}
                trace: {from: host, to: "127.0.0.1:5353", proto: udp}
                """);
        Simulation sim = new Simulation(s.world(), new EvaluatedNetfilter(Netfilter.Mode.FAST), s.flow(), s.packets());
        sim.engine().widenForRelays();

        assertThat(sim.run("test").packets()).extracting(p -> p.summary().replaceAll(" ttl .*", "")).containsExactly(
                "127.0.0.1:43210 > 127.0.0.1:5353 UDP len 6",
                "172.17.0.1:47391 > 172.17.0.2:53 UDP len 6",
                "172.17.0.2:53 > 172.17.0.1:47391 UDP len 6",
                "127.0.0.1:5353 > 127.0.0.1:43210 UDP len 6");
    }

    @Test
    void inlineIptablesTextAndSysctlsAreTaken() throws Exception {
        Node n = parse("""
                namespaces:
                  - name: n
                    sysctls: {ip_forward: true, rp_filter: 2, bridge_nf_call_iptables: false, nf_conntrack_checksum: false,
                              icmp_ratelimit: 250, icmp_ratemask: 2048}
                    iptables: |
                      *filter
                      :INPUT DROP [0:0]
                      :FORWARD ACCEPT [0:0]
                      :OUTPUT ACCEPT [0:0]
                      -A INPUT -p icmp -j ACCEPT
                      COMMIT
                    listen:
                      - {proto: udp, port: 53, address: 127.0.0.1}
                """).world().node("n");
        assertThat(n.sysctls().ipForward()).isTrue();
        assertThat(n.sysctls().conf(Sysctls.ALL).rpFilter()).isEqualTo(2);
        assertThat(n.sysctls().bridgeNfCallIptables()).isFalse();
        assertThat(n.sysctls().conntrackChecksum()).isFalse();
        assertThat(n.sysctls().icmpRatelimitMs()).isEqualTo(250);
        assertThat(n.sysctls().icmpRatemask()).isEqualTo(2048);
        assertThat(IptablesSaveWriter.write(n.ruleset())).contains(":INPUT DROP", "-A INPUT -p icmp -j ACCEPT");
        assertThat(n.sockets()).singleElement().satisfies(sock -> assertThat(sock.protocol()).isEqualTo(IpProtocol.UDP));
    }

    /**
     * {@code tx_checksum_offload} on the client's eth0 only: its socket's SYN leaves partial (the pseudo-header's
     * sum, as tcpdump on a real offloading sender shows it) and the server takes it; the server's device completes
     * its own SYN-ACK in software. Without the key the client's SYN carries its complete checksum.
     */
    /** A host with a VPN's tun, a VM's tap, and a NIC that is down; "client" sends from 10.0.0.1. */
    private static final String OTHER_LINKS = """
            namespaces:
              - name: client
                interfaces: [{name: eth0, addresses: [10.0.0.1/24], peer: "h:eth0"}]
                routes: [{to: default, via: 10.0.0.2}]
              - name: h
                interfaces:
                  - {name: eth0, addresses: [10.0.0.2/24]}
                  - {name: tun0, kind: tun, addresses: [10.8.0.6/24]%s}
                  - {name: tap0, kind: tap, mac: "02:00:00:00:0a:01", addresses: [10.9.0.1/24]}
                  - {name: eth1, kind: wire, peer: "o:eth1", addresses: [10.7.0.1/24], state: down}
                routes: [{to: 10.30.0.0/16, dev: tun0}]
                sysctls: {ip_forward: 1}
              - {name: o, interfaces: [{name: eth1, kind: wire, addresses: [10.7.0.2/24]}]}
            """;

    @Test
    void tunAndTapInterfacesLeadOutOfTheSimulationAndADownOneKeepsItsAddress() throws Exception {
        World w = parse(OTHER_LINKS.formatted("")).world();
        Node h = w.node("h");
        assertThat(h.iface("tun0")).isInstanceOfSatisfying(OtherLink.class, t -> {
            assertThat(t.linkLayer()).isFalse();
            assertThat(t.txqlen()).as("tun.c: TUN_READQ_SIZE").isEqualTo(500);
        });
        assertThat(h.iface("tap0")).isInstanceOfSatisfying(OtherLink.class, t -> assertThat(t.arp()).isTrue());
        assertThat(h.down()).containsExactly("eth1");

        Trace out = trace(w, "10.30.1.1");
        assertThat(out.disposition().detail()).contains("by tun0 (tun: what the device does with it is not simulated)");
        Trace toTap = trace(w, "10.9.0.7");
        assertThat(toTap.disposition().detail()).as("the ARP request for the tap's neighbour left")
                .contains("by tap0 (tap: what the device does with it is not simulated)");
        Trace downAddress = trace(w, "10.7.0.1");
        assertThat(downAddress.disposition().kind()).as("still the host's own address")
                .isEqualTo(io.bridgelab.sim.trace.Disposition.Kind.REFUSED);
        Trace downSubnet = trace(w, "10.7.0.2");
        assertThat(downSubnet.disposition().detail()).as("no connected route while eth1 is down")
                .contains("no route");
    }

    @Test
    void aTunNobodyHoldsOpenDropsWhatItIsGiven() throws Exception {
        World w = parse(OTHER_LINKS.formatted(", carrier: false")).world();
        Trace t = trace(w, "10.30.1.1");
        assertThat(t.disposition().kind()).isEqualTo(io.bridgelab.sim.trace.Disposition.Kind.DROPPED);
        assertThat(t.disposition().detail()).contains("tun0 (tun) has no carrier");
        assertThat(io.bridgelab.sim.trace.DropExplainer.explain(t)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo("link");
            assertThat(e.hint()).contains("needs the program that holds it open");
        });
    }

    @Test
    void aVethWhosePeerIsDownDropsWhatItSends() throws Exception {
        World w = parse("""
                namespaces:
                  - name: a
                    interfaces: [{name: eth0, addresses: [10.0.0.1/24], peer: "b:eth0"}]
                  - name: b
                    interfaces: [{name: eth0, addresses: [10.0.0.2/24], state: down}]
                """).world();
        Simulation sim = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("a", null, Ipv4Address.parse("10.0.0.2"), 9, IpProtocol.UDP), 3);
        Trace t = sim.run("down peer");
        assertThat(t.disposition().detail()).contains("b:eth0, the far end of eth0, is down: eth0 has no carrier,"
                + " and its queue drops the frame");
        assertThat(sim.engine().captures().on("a", "eth0")).as("dropped by the noop qdisc, before tcpdump").isEmpty();
        assertThat(sim.engine().captures().on("b", "eth0")).isEmpty();
    }

    @Test
    void otherKindsAndStatesAreCheckedWhereTheyAreWritten() {
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: tun0, kind: tun, mac: "02:00:00:00:00:01"}]
                """)).isInstanceOf(ScenarioFileException.class).hasMessageContaining("test.yaml:3:47: ")
                .hasMessageContaining("'mac' is not for tun tun0: a tun has no link layer");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: tap0, kind: tap, peer: "h:eth0"}, {name: eth0}]
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("'peer' is not for tap tap0: what it sends leaves the simulation");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: eth0, kind: wire, carrier: false}]
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("'carrier' is for tun and tap interfaces; eth0 is a wire");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: tun0, kind: tun, state: sideways}]
                """)).isInstanceOf(ScenarioFileException.class).hasMessageContaining("expected up or down, got 'sideways'");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: br0, kind: bridge}, {name: tap0, kind: tap, master: br0, state: down}]
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("a bridge port that is down is not modelled");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: tun0, kind: tun, state: down}]
                    routes: [{to: 10.30.0.0/16, dev: tun0}]
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("which is down (the kernel refuses it: Nexthop device is not up)");
        assertThatThrownBy(() -> parse("""
                namespaces:
                  - name: h
                    interfaces: [{name: x0, kind: vxlan}]
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("expected veth, wire, bridge, tun or tap, got 'vxlan'");
    }

    /** A UDP datagram from client (or from h, for the tests of h's own devices) to {@code to}, port 9. */
    private static Trace trace(World w, String to) {
        return new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("client", null, Ipv4Address.parse(to), 9, IpProtocol.UDP), 3).run("other links");
    }

    @Test
    void txChecksumOffloadLeavesASocketsChecksumToTheDevice() throws Exception {
        String yaml = """
                namespaces:
                  - name: client
                    interfaces: [{name: eth0, addresses: [10.0.0.1/24], peer: server:eth0%s}]
                  - name: server
                    interfaces: [{name: eth0, addresses: [10.0.0.2/24]}]
                    listen: [{port: 80}]
                trace: {from: client, to: "10.0.0.2:80", packets: 2}
                """;
        Scenario offloaded = parse(yaml.formatted(", tx_checksum_offload: true"));
        assertThat(offloaded.world().node("client").offloadsChecksums("eth0")).isTrue();
        assertThat(offloaded.world().node("server").offloadsChecksums("eth0")).isFalse();
        List<TcpSegment> sent = tcpOnClientEth0(offloaded);
        Ipv4Header synHeader = sentHeaders.get(0);
        assertThat(sent.get(0).flags()).isEqualTo(TcpFlags.SYN);
        assertThat(sent.get(0).checksum()).isEqualTo(InternetChecksum.partialChecksum(synHeader, sent.get(0)));
        assertThat(sent.get(1).flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
        assertThat(InternetChecksum.transportChecksumAccepted(sentHeaders.get(1), sent.get(1))).isTrue();
        assertThat(InternetChecksum.isPartial(sentHeaders.get(1), sent.get(1))).isFalse();

        Scenario plain = parse(yaml.formatted(""));
        List<TcpSegment> plainSent = tcpOnClientEth0(plain);
        assertThat(plainSent.get(0).checksum()).isEqualTo(InternetChecksum.transportChecksum(
                sentHeaders.get(0).source(), sentHeaders.get(0).destination(), plainSent.get(0)));
        assertThat(InternetChecksum.isPartial(sentHeaders.get(0), plainSent.get(0))).isFalse();
        assertThat(plainSent.get(1).flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    }

    private List<Ipv4Header> sentHeaders;

    /** The TCP segments captured on client:eth0 after tracing {@code s}; their IP headers in {@link #sentHeaders}. */
    private List<TcpSegment> tcpOnClientEth0(Scenario s) {
        Simulation sim = new Simulation(s.world(), new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), s.flow(),
                s.packets());
        sim.run(s.name());
        List<Packet> tcp = sim.engine().captures().on("client", "eth0").stream().map(CapturedFrame::frame)
                .filter(Packet::isIpv4).filter(p -> p.transport() instanceof TcpSegment).toList();
        sentHeaders = tcp.stream().map(Packet::ip).toList();
        return tcp.stream().map(p -> (TcpSegment) p.transport()).toList();
    }

    /** YAML 1.1 reads 52:54:00:00:01:20 as a base-60 number; the loader takes the text as written. */
    @Test
    void anUnquotedMacIsTakenAsWritten() throws Exception {
        Node n = parse("namespaces: [{name: a, interfaces: [{name: e, kind: bridge, mac: 52:54:00:00:01:20}]}]\n")
                .world().node("a");
        assertThat(n.iface("e").mac()).isEqualTo(io.bridgelab.netfilter.packet.MacAddress.parse("52:54:00:00:01:20"));
    }

    /** As the kernel's lookup of the gateway: the longest prefix holding it, not the first interface in the file. */
    @Test
    void aGatewaysDeviceIsTheLongestPrefixHoldingIt() throws Exception {
        Node b = parse(MalformedScenarioFileTest.ROUTED + """
                      - {to: default, via: 10.1.0.2}
                      - {to: 10.7.0.0/16, via: 10.2.0.2}
                      - {to: 172.16.0.0/12, dev: eth1}
                      - {to: 10.8.0.0/16, via: 172.16.0.9, metric: 4}
                      - {to: 10.9.0.0/16, via: 10.1.0.2, dev: eth1, src: 127.0.0.2, metric: 2147483647}
                """).world().node("b");
        assertThat(b.routes()).extracting(r -> r.destination() + " " + r.device()).contains("0.0.0.0/0 eth1",
                "10.7.0.0/16 eth0", "10.8.0.0/16 eth1", "10.9.0.0/16 eth1");
        assertThat(b.routes()).filteredOn(r -> r.metric() == Integer.MAX_VALUE).hasSize(1);
    }

    @Test
    void routesOfATypeWhoseLookupFailsHaveNoDevice() throws Exception {
        Node b = parse(MalformedScenarioFileTest.ROUTED + """
                      - {to: 10.1.0.0/16, type: unreachable, metric: 5}
                      - {to: 10.2.0.0/16, type: prohibit}
                      - {to: default, type: blackhole, src: 10.1.0.1}
                      - {to: 10.4.0.0/16, type: throw}
                      - {to: 10.5.0.0/16, type: unicast, dev: eth0}
                """).world().node("b");
        assertThat(b.routes()).map(Route::toString).containsExactly("unreachable 10.1.0.0/16 metric 5",
                "prohibit 10.2.0.0/16", "blackhole default src 10.1.0.1", "throw 10.4.0.0/16",
                "10.5.0.0/16 dev eth0 scope link");
    }

    /** The kernel counts on from the last index it chose itself; an explicit one does not move that count. */
    @Test
    void automaticIfindexesFollowTheKernelsCount() throws Exception {
        Node a = parse("""
                namespaces:
                  - name: a
                    interfaces:
                      - {name: br5, kind: bridge, ifindex: 5}
                      - {name: br2, kind: bridge}
                      - {name: br3, kind: bridge}
                      - {name: br4, kind: bridge}
                      - {name: br6, kind: bridge}
                      - {name: br3b, kind: bridge, ifindex: 3000}
                      - {name: br7, kind: bridge}
                """).world().node("a");
        assertThat(a.interfaces()).extracting(i -> i.name() + "#" + i.ifindex()).containsExactly("lo#1", "br5#5",
                "br2#2", "br3#3", "br4#4", "br6#6", "br3b#3000", "br7#7");
    }

    /** The kernel refuses only the same address and length twice on one interface. */
    @Test
    void oneAddressOnTwoInterfacesOrWithTwoLengthsIsTaken() throws Exception {
        Node a = parse("""
                namespaces:
                  - name: a
                    interfaces:
                      - {name: br0, kind: bridge, addresses: [10.0.0.1/24, 10.0.0.1/16]}
                      - {name: br1, kind: bridge, addresses: [10.0.0.1/24]}
                    listen:
                      - {port: 80, address: 10.0.0.1}
                      - {port: 80, address: 127.0.0.1}
                      - {port: 80, proto: udp}
                      - {port: 81, address: 127.0.0.5}
                    neighbours:
                      - {dev: br0, address: 10.0.0.9, mac: "02:00:00:00:00:09"}
                      - {dev: br1, address: 10.0.0.9, mac: "01:00:5e:00:00:01"}
                """).world().node("a");
        assertThat(a.iface("br0").addresses()).hasSize(2);
        assertThat(a.iface("br1").addresses()).hasSize(1);
        assertThat(a.sockets()).hasSize(4);
        assertThat(a.neighbours()).hasSize(2);
    }

    @Test
    void anIcmpTraceTakesJustAnAddress() throws Exception {
        Scenario s = parse("""
                namespaces:
                  - name: a
                    interfaces: [{name: eth0, addresses: [10.0.0.1/24], peer: "b:eth0"}]
                  - name: b
                    interfaces: [{name: eth0, addresses: [10.0.0.2/24]}]
                trace: {from: a, source: 10.0.0.1, to: 10.0.0.2, proto: icmp}
                """);
        assertThat(s.flow().source()).hasToString("10.0.0.1");
        assertThat(s.flow().port()).isZero();
    }

    @Test
    void aFileWithoutTraceHasNoFlow() throws Exception {
        assertThat(parse("namespaces: [{name: solo}]\n").flow()).isNull();
    }

    @Test
    void aMissingFileNamesIt() {
        assertThatThrownBy(() -> ScenarioFileLoader.load(Path.of("no/such.yaml")))
                .isInstanceOf(ScenarioFileException.class).hasMessageContaining("no/such.yaml").hasMessageContaining(
                        "cannot read");
        assertThat(Files.exists(EXAMPLE)).isTrue();
    }
}
