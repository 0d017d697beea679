package io.bridgelab.sim.load.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.RoutingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Snapshot folders written by fixtures/scenarios/lib/snapshot.sh (real tools' output) into worlds. */
class SnapshotLoaderTest {
    private static final Path SCENARIOS = Path.of("../fixtures/scenarios");
    private static final Path HAIRPIN = SCENARIOS.resolve("hairpin/captured/snapshot-before");
    private static final Path DOCKER_HOST = SCENARIOS.resolve("docker-host/captured/snapshot-before");

    @ParameterizedTest
    @ValueSource(strings = {"port-mapping", "container-to-container", "container-to-outside", "hairpin", "localhost",
            "icc-false", "two-bridges", "udp-port-range", "icmp-through-nat", "docker-host"})
    void everyCommittedSnapshotLoads(String scenario) throws Exception {
        for (String which : List.of("snapshot-before", "snapshot")) {
            World w = SnapshotLoader.load(SCENARIOS.resolve(scenario).resolve("captured").resolve(which));
            assertThat(w.node("host").iface("eth0")).isInstanceOf(Veth.class);
            assertThat(w.node("host").sysctls().ipForward()).isTrue();
            assertThat(w.node("ext").ruleset().tables()).isEmpty();
        }
    }

    @Test
    void theHairpinHostIsReadAsTheKernelHadIt() throws Exception {
        World w = SnapshotLoader.load(HAIRPIN);
        assertThat(w.nodes()).extracting(Node::name).containsExactly("host", "ext", "test1", "test2");
        Node host = w.node("host");
        assertThat(host.iface("lo")).isInstanceOf(Loopback.class);
        assertThat(host.iface("lo").addresses()).containsExactly(InterfaceAddress.parse("127.0.0.1/8"));
        Bridge docker0 = (Bridge) host.iface("docker0");
        assertThat(docker0.mac()).isEqualTo(MacAddress.parse("02:42:5c:3f:00:01"));
        assertThat(docker0.addresses()).containsExactly(InterfaceAddress.parse("172.17.0.1/16"));
        assertThat(docker0.ageingSeconds()).isEqualTo(300);
        assertThat(docker0.nfCallIptables()).isFalse();
        Veth port = (Veth) host.iface("veth-test2");
        assertThat(port.ifindex()).isEqualTo(5);
        assertThat(port.port().bridge()).isEqualTo("docker0");
        assertThat(port.port().hairpin()).isTrue();
        assertThat(port.peer()).isEqualTo(new Endpoint("test2", "eth0"));
        assertThat(host.routes()).containsExactly(Route.defaultVia(Ipv4Address.parse("192.168.1.20"), "eth0"));
        assertThat(host.sysctls().conf(Sysctls.ALL).routeLocalnet()).isFalse();
        assertThat(host.sysctls().routeLocalnet("docker0")).isTrue();
        assertThat(host.sysctls().routeLocalnet("eth0")).isFalse();
        assertThat(host.sysctls().bridgeNfCallIptables()).isTrue();
        assertThat(host.ruleset().tables()).isNotEmpty();
        Node test2 = w.node("test2");
        assertThat(test2.routes()).singleElement().satisfies(r -> {
            assertThat(r.destination()).isEqualTo(Cidr.ANY);
            assertThat(r.gateway()).isEqualTo(Ipv4Address.parse("172.17.0.1"));
        });
        assertThat(test2.sysctls().ipForward()).isFalse();
    }

    @Test
    void neighboursWithAMacAreLoaded(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Files.writeString(dir.resolve("host/neigh.json"), "[{\"dst\":\"172.17.0.4\",\"dev\":\"docker0\","
                + "\"lladdr\":\"02:42:ac:11:00:04\",\"state\":[\"STALE\"]},{\"dst\":\"172.17.0.9\",\"dev\":\"docker0\","
                + "\"state\":[\"FAILED\"]},{\"dst\":\"172.17.0.2\",\"dev\":\"docker0\",\"lladdr\":\"02:42:ac:11:00:02\","
                + "\"state\":[\"PERMANENT\"]}]");
        Node host = SnapshotLoader.load(dir).node("host");
        assertThat(host.neighbours()).hasSize(2);
        assertThat(host.neighbours().get(0).permanent()).isFalse();
        assertThat(host.neighbours().get(1).permanent()).isTrue();
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Files.delete(dir.resolve("test1/addr.json"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("test1/addr.json").hasMessageContaining("missing")
                .satisfies(e -> assertThat(((SnapshotException) e).file()).isEqualTo(dir.resolve("test1/addr.json")));
    }

    @Test
    void aBadFieldIsNamedWithItsPath(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path addr = dir.resolve("host/addr.json");
        Files.writeString(addr, Files.readString(addr).replace("\"172.17.0.1\"", "\"172.17.0.300\""));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .satisfies(e -> {
                    SnapshotException s = (SnapshotException) e;
                    assertThat(s.file()).isEqualTo(addr);
                    assertThat(s.field()).matches("\\[\\d]\\.addr_info\\[0]\\.local");
                    assertThat(s.getMessage()).contains("172.17.0.300");
                });
    }

    @Test
    void policyRoutingRulesAndNumberedTablesAreLoaded() throws Exception {
        Node host = SnapshotLoader.load(SCENARIOS.resolve("policy-routing/captured/snapshot-before")).node("host");
        assertThat(host.rules()).extracting(RoutingRule::toString).containsExactly(
                "0:\tfrom all lookup local",
                "100:\tfrom 172.17.0.2 to 10.9.0.0/16 lookup 100",
                "200:\tfrom all fwmark 0x1 prohibit",
                "201:\tfrom all fwmark 0x2 blackhole",
                "300:\tfrom all to 10.8.0.0/16 iif docker0 unreachable",
                "500:\tfrom all lookup main suppress_prefixlength 0",
                "600:\tfrom 172.17.0.4 lookup 300",
                "32766:\tfrom all lookup main",
                "32767:\tfrom all lookup default");
        assertThat(host.routes()).extracting(Route::toString).contains(
                "10.9.0.0/16 via 192.168.1.20 dev eth0 table 100 mtu 1300", "throw 10.9.1.0/24 table 100",
                "default via 192.168.1.20 dev eth0 table 300 mtu 1100", "10.9.0.0/16 via 192.168.1.20 dev eth0");
        // A snapshot made before rule.json was recorded: a fresh namespace's rules.
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").rules()).isEqualTo(RoutingRule.DEFAULTS);
    }

    @Test
    void aRuleTheSimulationCannotTakeIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(SCENARIOS.resolve("policy-routing/captured/snapshot-before"), tmp);
        Path rules = dir.resolve("host/rule.json");
        String original = Files.readString(rules);
        Files.writeString(rules, original.replace("{\"priority\":200,\"src\":\"all\",",
                "{\"priority\":200,\"src\":\"all\",\"tos\":\"0x10\","));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .satisfies(e -> {
                    SnapshotException s = (SnapshotException) e;
                    assertThat(s.file()).isEqualTo(rules);
                    assertThat(s.field()).isEqualTo("[2].tos");
                    assertThat(s.getMessage()).contains("a rule's tos is not modelled");
                });
        Files.writeString(rules, original.replace("\"fwmark\":\"0x1\"", "\"fwmark\":\"one\""));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not a 32-bit hex mark: 'one'")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[2]"));
        Files.writeString(rules, original.replace("\"table\":\"100\"", "\"table\":\"x\""));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not a routing table: 'x'");
        Files.writeString(rules, original.substring(0, original.length() / 2));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("host/rule.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void aRouteInTheLocalTableThatTheKernelDidNotMakeIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path routes = dir.resolve("ext/route.json");
        Files.writeString(routes, "[{\"type\":\"local\",\"dst\":\"10.0.0.0/8\",\"dev\":\"lo\",\"table\":\"local\","
                + "\"scope\":\"host\",\"flags\":[]}]");
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("a route in table local that the kernel did not make for an address");
    }

    @Test
    void brokenJsonSaysWhere(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Files.writeString(dir.resolve("ext/route.json"), "[{\"dst\": ");
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("ext/route.json").hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).startsWith("line 1"));
        // An unclosed array: Jackson's message names its start by a source we do not show ("[Source: REDACTED").
        Files.writeString(dir.resolve("ext/route.json"), "{\"a\": [1,2\n");
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("ext/route.json").hasMessageContaining("start marker at line: 1, column: 7")
                .hasMessageNotContaining("Source");
    }

    @Test
    void interfacesOfOtherKindsLoadWithTheirAddressesFlagsAndState() throws Exception {
        Node host = SnapshotLoader.load(SCENARIOS.resolve("other-links/captured/snapshot-before")).node("host");
        OtherLink tun = (OtherLink) host.iface("tun0");
        assertThat(tun.kind()).isEqualTo("tun");
        assertThat(tun.linkLayer()).isFalse();
        assertThat(tun.mac()).isNull();
        assertThat(tun.flags()).containsExactly("POINTOPOINT", "MULTICAST", "NOARP");
        assertThat(tun.carrier()).isTrue();
        assertThat(tun.arp()).isFalse();
        OtherLink tap = (OtherLink) host.iface("tap0");
        assertThat(tap.kind()).as("ip -d link: tun type tap").isEqualTo("tap");
        assertThat(tap.mac()).hasToString("02:00:0a:32:00:01");
        assertThat(tap.arp()).isTrue();
        OtherLink ifb = (OtherLink) host.iface("ifb0");
        assertThat(ifb.kind()).isEqualTo("ifb");
        assertThat(ifb.arp()).as("NOARP").isFalse();
        assertThat(host.down()).containsExactly("ifb0");
        assertThat(host.isDown("tun0")).isFalse();
    }

    @Test
    void aDownInterfaceKeepsOnlyItsAddressesLocalRoutes() throws Exception {
        Node host = SnapshotLoader.load(SCENARIOS.resolve("other-links/captured/snapshot-before")).node("host");
        RoutingTable table = RoutingTable.of(host);
        assertThat(table.lookup(Ipv4Address.parse("10.40.0.1")).type()).isEqualTo(RouteType.LOCAL);
        // No connected route for the down ifb0's subnet: the default route takes it, as in the kernel.
        assertThat(table.lookup(Ipv4Address.parse("10.40.0.7")).gateway()).hasToString("192.168.1.20");
        assertThat(table.lookup(Ipv4Address.parse("10.30.1.1")).device()).isEqualTo("tun0");
    }

    @Test
    void aPacketRoutedOutOfATunLeavesTheSimulationAsARawDatagram() throws Exception {
        World w = SnapshotLoader.load(SCENARIOS.resolve("other-links/captured/snapshot-before"));
        Simulation sim = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("test1", null, Ipv4Address.parse("10.30.1.1"), 9, IpProtocol.UDP), 5);
        Trace trace = sim.run("tun");
        assertThat(trace.disposition().detail()).contains("the world outside the simulation, by tun0 (tun: what the"
                + " device does with it is not simulated)");
        assertThat(sim.engine().captures().on("host", "tun0")).singleElement().satisfies(f -> {
            assertThat(f.frame().ethernet()).as("no link layer, no ARP").isNull();
            assertThat(f.frame().ip().source()).as("MASQUERADE: tun0's address").isEqualTo(Ipv4Address.parse("10.20.0.1"));
        });
    }

    @Test
    void theAddressOfADownInterfaceIsStillTheHostsOwn() throws Exception {
        World w = SnapshotLoader.load(SCENARIOS.resolve("other-links/captured/snapshot-before"));
        Simulation sim = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("test1", null, Ipv4Address.parse("10.40.0.1"), 9, IpProtocol.UDP), 5);
        Trace trace = sim.run("down");
        assertThat(trace.disposition().kind()).isEqualTo(io.bridgelab.sim.trace.Disposition.Kind.REFUSED);
        assertThat(sim.engine().captures().on("host", "ifb0")).isEmpty();
    }

    @Test
    void aLoopbackThatIsDownLosesWhatTheNamespaceSendsItself(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path link = dir.resolve("ext/link.json");
        Files.writeString(link, Files.readString(link).replaceFirst("\\[\"LOOPBACK\",\"UP\",\"LOWER_UP\"\\]",
                "[\"LOOPBACK\"]"));
        World w = SnapshotLoader.load(dir);
        assertThat(w.node("ext").down()).containsExactly("lo");
        Trace t = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("ext", null, Ipv4Address.parse("192.168.1.20"), 9, IpProtocol.UDP), 3).run("lo down");
        assertThat(t.disposition().detail()).contains("lo is down (ip link set lo up)");
    }

    @Test
    void aDownBridgePortIsRefusedNamingItsFlags(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path link = dir.resolve("host/link.json");
        String text = Files.readString(link);
        int at = text.indexOf("\"ifname\":\"veth-test1\"");
        int flags = text.indexOf("\"flags\":[", at);
        int end = text.indexOf(']', flags);
        Files.writeString(link, text.substring(0, flags) + "\"flags\":[\"BROADCAST\",\"MULTICAST\""
                + text.substring(end));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("host/link.json").hasMessageContaining("veth-test1 is down")
                .hasMessageContaining("bridge port is not modelled")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).endsWith(".flags"));
    }

    @Test
    void ipv6RoutesAreLeftOutAsIpv6Addresses(@TempDir Path tmp) throws Exception {
        Path dir = withHostRoutesFirst(copy(HAIRPIN, tmp), "{\"dst\":\"fe80::/64\",\"dev\":\"eth0\",\"protocol\":"
                + "\"kernel\",\"metric\":256,\"flags\":[]},{\"dst\":\"default\",\"gateway\":\"fd00::1\",\"dev\":"
                + "\"eth0\",\"metric\":1024,\"flags\":[]},{\"type\":\"multicast\",\"dst\":\"ff00::/8\",\"dev\":"
                + "\"eth0\",\"table\":\"local\",\"protocol\":\"kernel\",\"metric\":256,\"flags\":[]}");
        assertThat(SnapshotLoader.load(dir).node("host").routes())
                .isEqualTo(SnapshotLoader.load(HAIRPIN).node("host").routes());
    }

    @Test
    void eachInterfacesMtuIsReadAsIpPrintsIt() throws Exception {
        World w = SnapshotLoader.load(SCENARIOS.resolve("mtu/captured/snapshot"));
        assertThat(w.node("host").interfaces()).extracting(i -> i.name() + "=" + i.mtu())
                .contains("lo=65536", "eth0=1400", "docker0=1500", "veth-test1=1500");
        assertThat(w.node("ext").iface("eth0").mtu()).isEqualTo(1400);
    }

    @Test
    void anMtuOutsideWhatTheKernelTakesIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path link = dir.resolve("ext/link.json");
        Files.writeString(link, Files.readString(link).replace("\"mtu\":1500", "\"mtu\":70000"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("ext/link.json").hasMessageContaining("70000 is outside 68-65535")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[1].mtu"));
    }

    @Test
    void aVethWhosePeerIsOutsideTheSnapshotIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path peers = dir.resolve("veth-peers.json");
        Files.writeString(peers, Files.readString(peers).replace("\"peer_role\": \"test2\"", "\"peer_role\": null"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("veth-peers.json").hasMessageContaining("not part of the snapshot");
    }

    @Test
    void aBadSysctlValueIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path sysctl = dir.resolve("host/sysctl.txt");
        Files.writeString(sysctl, Files.readString(sysctl).replace("net.ipv4.ip_forward = 1", "net.ipv4.ip_forward = yes"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("net.ipv4.ip_forward"));
    }

    @Test
    void conntracksChecksumCheckIsReadAndOnWhenNotRecorded(@TempDir Path tmp) throws Exception {
        // Snapshots made before the key was recorded lack it: the kernel's default, 1.
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").sysctls().conntrackChecksum()).isTrue();
        Path dir = copy(HAIRPIN, tmp);
        Path sysctl = dir.resolve("host/sysctl.txt");
        Files.writeString(sysctl, Files.readString(sysctl) + "net.netfilter.nf_conntrack_checksum = 0\n");
        assertThat(SnapshotLoader.load(dir).node("host").sysctls().conntrackChecksum()).isFalse();
    }

    @Test
    void icmpRateLimitSysctlsAreReadAndTheKernelsDefaultsWhenNotRecorded(@TempDir Path tmp) throws Exception {
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").sysctls().icmpRatelimitMs()).isEqualTo(1000);
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").sysctls().icmpRatemask()).isEqualTo(6168);
        Path dir = copy(HAIRPIN, tmp);
        Path sysctl = dir.resolve("host/sysctl.txt");
        String text = Files.readString(sysctl);
        Files.writeString(sysctl, text + "net.ipv4.icmp_ratelimit = 0\nnet.ipv4.icmp_ratemask = 2048\n");
        assertThat(SnapshotLoader.load(dir).node("host").sysctls().icmpRatelimitMs()).isZero();
        assertThat(SnapshotLoader.load(dir).node("host").sysctls().icmpRatemask()).isEqualTo(2048);
        Files.writeString(sysctl, text + "net.ipv4.icmp_ratelimit = -5\n");
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("net.ipv4.icmp_ratelimit"));
    }

    /** The interface-sysctls fixture: conf.eth0.rp_filter=1 beside conf.all's 0, conf.docker0.forwarding=0. */
    @Test
    void perInterfaceRpFilterAndForwardingAreRead(@TempDir Path tmp) throws Exception {
        Path run = SCENARIOS.resolve("interface-sysctls/captured/snapshot-before");
        var sysctls = SnapshotLoader.load(run).node("host").sysctls();
        assertThat(sysctls.conf(Sysctls.ALL).rpFilter()).isZero();
        assertThat(sysctls.rpFilter("eth0")).isEqualTo(1);
        assertThat(sysctls.rpFilter("docker0")).isZero();
        assertThat(sysctls.ipForward()).isTrue();
        assertThat(sysctls.forwarding("eth0")).isTrue();
        assertThat(sysctls.forwarding("docker0")).isFalse();
        Path dir = copy(run, tmp);
        Path sysctl = dir.resolve("host/sysctl.txt");
        Files.writeString(sysctl, Files.readString(sysctl).replace("net.ipv4.conf.eth0.rp_filter = 1",
                "net.ipv4.conf.eth0.rp_filter = 3"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not 0, 1 or 2: 3")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("net.ipv4.conf.eth0.rp_filter"));
    }

    /** The arp-ignore fixture: conf.eth0.arp_ignore=1 and conf.docker0.arp_ignore=2 beside conf.all's 0. */
    @Test
    void arpIgnoreIsReadForAllAndEachInterface() throws Exception {
        var sysctls = SnapshotLoader.load(SCENARIOS.resolve("arp-ignore/captured/snapshot-before")).node("host").sysctls();
        assertThat(sysctls.arpIgnore("eth0")).isEqualTo(1);
        assertThat(sysctls.arpIgnore("docker0")).isEqualTo(2);
        assertThat(sysctls.arpIgnore("lo")).isZero();
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").sysctls().arpIgnore("eth0")).as("not recorded: 0").isZero();
    }

    @Test
    void aBadRulesetSaysTheLine(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path rules = dir.resolve("host/iptables-save-c.txt");
        Files.writeString(rules, Files.readString(rules).replace("-j DOCKER-USER", "-j"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("iptables-save-c.txt")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).matches("line \\d+, column \\d+.*"))
                .satisfies(e -> assertThat(e.getMessage()).containsOnlyOnce("line "));
    }

    /**
     * The real dockerd's host (docker-host): its nat chains were made by iptables -A and keep no statistics, its
     * filter FORWARD by iptables -P FORWARD DROP keeps them, and nft-chains.json says so.
     */
    @Test
    void policiesTheKernelDoesNotCountAreReadFromNftChains(@TempDir Path tmp) throws Exception {
        Path dir = copy(DOCKER_HOST, tmp);
        Ruleset rules = SnapshotLoader.load(dir).node("host").ruleset();
        assertThat(rules.table(TableName.NAT).chains()).filteredOn(Chain::isBuiltin)
                .extracting(Chain::name, Chain::policyCounted).containsExactly(tuple("PREROUTING", false),
                        tuple("INPUT", false), tuple("OUTPUT", false), tuple("POSTROUTING", false));
        assertThat(rules.table(TableName.FILTER).chains()).filteredOn(Chain::isBuiltin)
                .extracting(Chain::name, Chain::policyCounted).containsExactly(tuple("INPUT", false),
                        tuple("FORWARD", true), tuple("OUTPUT", false));

        // iptables-legacy counts every policy; nf_tables' chains are not its tables.
        Path save = dir.resolve("host/iptables-save-c.txt");
        Files.writeString(save, Files.readString(save).replace("(nf_tables)", "(legacy)"));
        assertThat(SnapshotLoader.load(dir).node("host").ruleset().tables()).allSatisfy(t ->
                assertThat(t.chains()).filteredOn(Chain::isBuiltin).allMatch(Chain::policyCounted));

        // Without the file (a snapshot made before it, or without python3) every policy counts.
        Files.writeString(save, Files.readString(save).replace("(legacy)", "(nf_tables)"));
        Files.delete(dir.resolve("host/nft-chains.json"));
        assertThat(SnapshotLoader.load(dir).node("host").ruleset().tables()).allSatisfy(t ->
                assertThat(t.chains()).filteredOn(Chain::isBuiltin).allMatch(Chain::policyCounted));
    }

    @Test
    void aBadNftChainsEntryIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(DOCKER_HOST, tmp);
        Path file = dir.resolve("host/nft-chains.json");
        String original = Files.readString(file);
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put(original.replaceFirst("\"counters\": null", "\"counters\": 7"), "[0].counters.packets");
        broken.put(original.replaceFirst("\"counters\": null", "\"packets\": 0"), "[0].counters");
        broken.put(original.replaceFirst("\"table\": \"nat\"", "\"table\": 3"), "[0].table");
        broken.put(original.replace("\"packets\": 0", "\"packets\": -1"), "[3].counters.packets");
        broken.put("[1]", "[0]");
        broken.put("{}", null);
        for (Map.Entry<String, String> b : broken.entrySet()) {
            Files.writeString(file, b.getKey());
            assertThatThrownBy(() -> SnapshotLoader.load(dir)).as(b.getKey()).isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("nft-chains.json")
                    .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo(b.getValue()));
        }
        // Checked even where no iptables table uses it (ext has none).
        Files.writeString(file, original);
        Files.writeString(dir.resolve("ext/nft-chains.json"), "[{\"family\": \"ip\"}]");
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("ext").hasMessageContaining("nft-chains.json")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[0].table"));
    }

    /** sockets.txt as ss prints it: IPv4, dual-stack and v4-mapped sockets kept, IPv6-only ones left out. */
    @Test
    void listeningSocketsAreReadFromSs(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Files.writeString(dir.resolve("host/sockets.txt"), String.join("\n",
                "udp   UNCONN 0      0          0.0.0.0:5353       0.0.0.0:*    users:((\"avahi daemon\",pid=9,fd=12))",
                "udp   UNCONN 0      0    127.0.0.53%lo:53         0.0.0.0:*    users:((\"systemd-resolve\",pid=7,fd=13))",
                "tcp   LISTEN 0      10         0.0.0.0:80         0.0.0.0:*    users:((\"nginx\",pid=2,fd=6),(\"nginx\",pid=1,fd=6))",
                "tcp   LISTEN 0      4096             *:8088             *:*    users:((\"docker-proxy\",pid=99,fd=4))",
                "tcp   LISTEN 0      4096          [::]:22            [::]:*",
                "tcp   LISTEN 0      128   [::ffff:192.168.1.10]:2222      *:*",
                "tcp   LISTEN 0      128   [fe80::1]%eth0:23       [::]:*",
                "tcp   LISTEN 0      4096    0.0.0.0:8088         0.0.0.0:*    users:((\"docker-proxy\",pid=98,fd=4))",
                ""));
        Node host = SnapshotLoader.load(dir).node("host");
        assertThat(host.sockets()).extracting(ListeningSocket::toString).containsExactly(
                "udp 0.0.0.0:5353 (avahi daemon)", "udp 127.0.0.53:53 (systemd-resolve)", "tcp 0.0.0.0:80 (nginx)",
                "tcp 0.0.0.0:8088 (docker-proxy)", "tcp 192.168.1.10:2222");
        assertThat(host.sockets()).allMatch(s -> s.response() == null);
        // A listening TCP socket's Send-Q is its backlog; `*` is a dual-stack socket (ss prints it so again).
        assertThat(host.sockets()).extracting(ListeningSocket::backlog).containsExactly(0, 0, 10, 4096, 128);
        assertThat(host.sockets()).extracting(ListeningSocket::dualStack).containsExactly(false, false, false, true,
                false);
        // Without the file (a snapshot made before it was recorded) nothing listens.
        assertThat(SnapshotLoader.load(HAIRPIN).node("host").sockets()).isEmpty();
    }

    @Test
    void aBadSocketLineIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path file = dir.resolve("test1/sockets.txt");
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put("tcp LISTEN 0 10 0.0.0.0:80", "expected 'Netid State");
        broken.put("tcp   LISTEN 0 10 0.0.0.0:80 0.0.0.0:*\nraw UNCONN 0 0 0.0.0.0:1 0.0.0.0:*", "not a tcp or udp");
        broken.put("tcp ESTAB 0 0 10.0.0.1:80 10.0.0.2:5000", "a listening tcp socket is LISTEN");
        broken.put("udp LISTEN 0 0 0.0.0.0:53 0.0.0.0:*", "a listening udp socket is UNCONN");
        broken.put("tcp LISTEN 0 10 0.0.0.0:http 0.0.0.0:*", "not a port: 'http'");
        broken.put("tcp LISTEN 0 10 0.0.0.0:0 0.0.0.0:*", "port out of 1..65535: 0");
        broken.put("tcp LISTEN 0 10 0.0.0.0:70000 0.0.0.0:*", "port out of 1..65535: 70000");
        broken.put("tcp LISTEN 0 10 300.1.1.1:80 0.0.0.0:*", "not an address: '300.1.1.1'");
        broken.put("tcp LISTEN 0 10 [::1:80 0.0.0.0:*", "an unclosed IPv6 address");
        broken.put("tcp LISTEN 0 10 80 0.0.0.0:*", "no ADDRESS:PORT in '80'");
        broken.put("tcp LISTEN 0 ten 0.0.0.0:80 0.0.0.0:*", "Send-Q (its backlog) is 0..65535, not 'ten'");
        broken.put("tcp LISTEN 0 70000 0.0.0.0:80 0.0.0.0:*", "Send-Q (its backlog) is 0..65535, not '70000'");
        for (Map.Entry<String, String> b : broken.entrySet()) {
            Files.writeString(file, b.getKey());
            assertThatThrownBy(() -> SnapshotLoader.load(dir)).as(b.getKey()).isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("sockets.txt").hasMessageContaining(b.getValue())
                    .satisfies(e -> assertThat(((SnapshotException) e).field()).startsWith("line "));
        }
    }

    @Test
    void aRoutesProtocolIsKeptAsIpPrintsIt(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        Path routes = dir.resolve("host/route.json");
        String text = Files.readString(routes);
        Files.writeString(routes, text.replaceFirst("\\{\"dst\":\"default\",", "{\"dst\":\"default\",\"protocol\":\"dhcp\","
                + "\"metric\":100,"));
        World w = SnapshotLoader.load(dir);
        assertThat(w.node("host").routes()).map(Route::toString).anyMatch(r -> r.startsWith("default via ")
                && r.endsWith(" dev eth0 proto dhcp metric 100"));
        Files.writeString(routes, text.replaceFirst("\\{\"dst\":\"default\",", "{\"dst\":\"default\",\"protocol\":\"a b\","));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[0].protocol"));
    }

    /** ip -j route's metrics: the route-mtu fixture's host has {"metrics":[{"mtu":1300}]} on one route. */
    @Test
    void aRoutesMtuIsReadAndPrintedAsIpDoes(@TempDir Path tmp) throws Exception {
        World w = SnapshotLoader.load(SCENARIOS.resolve("route-mtu/captured/snapshot"));
        assertThat(w.node("host").routes()).map(Route::toString)
                .contains("10.9.0.0/16 via 192.168.1.20 dev eth0 mtu 1300");
        Path dir = copy(SCENARIOS.resolve("route-mtu/captured/snapshot"), tmp);
        Path routes = dir.resolve("host/route.json");
        Files.writeString(routes, Files.readString(routes).replace("{\"mtu\":1300}", "{\"mtu\":40}"));
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("40 is outside 68-65535")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[1].metrics[0].mtu"));
    }

    /** ip -j route as iproute2 6.1 printed these routes on Linux 6.18: a type, no dev. */
    @Test
    void routesWhoseLookupFailsAreKept(@TempDir Path tmp) throws Exception {
        Path dir = copy(HAIRPIN, tmp);
        World w = SnapshotLoader.load(withHostRoutesFirst(dir, "{\"type\":\"unreachable\",\"dst\":\"10.1.0.0/16\","
                + "\"metric\":5,\"flags\":[]},{\"type\":\"prohibit\",\"dst\":\"10.2.0.0/16\",\"protocol\":\"static\","
                + "\"flags\":[]},{\"type\":\"blackhole\",\"dst\":\"10.3.0.0/16\",\"flags\":[]},{\"type\":\"throw\","
                + "\"dst\":\"10.4.0.0/16\",\"flags\":[]}"));
        assertThat(w.node("host").routes()).map(Route::toString).contains("unreachable 10.1.0.0/16 metric 5",
                "prohibit 10.2.0.0/16 proto static", "blackhole 10.3.0.0/16", "throw 10.4.0.0/16");
        assertThatThrownBy(() -> SnapshotLoader.load(withHostRoutesFirst(copy(HAIRPIN, tmp.resolve("dev")),
                "{\"type\":\"blackhole\",\"dst\":\"10.3.0.0/16\",\"dev\":\"eth0\",\"flags\":[]}")))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("a blackhole route with a device")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[0]"));
        assertThatThrownBy(() -> SnapshotLoader.load(withHostRoutesFirst(copy(HAIRPIN, tmp.resolve("nat")),
                "{\"type\":\"nat\",\"dst\":\"10.3.0.0/16\",\"flags\":[]}")))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("route type nat in table main is not modelled")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("[0].type"));
    }

    /**
     * A real host's snapshot: its eth0 is a physical NIC (no linkinfo kind) whose far side is not recorded. It loads
     * as a wire to the outside; a container's SYN to the internet is MASQUERADEd and leaves by it, and the trace says
     * that what lies beyond is not simulated. Made from the port-mapping fixture without ext, eth0's veth data
     * removed, and a neighbour entry for the gateway, as a real host's ARP cache holds.
     */
    @Test
    void aPhysicalNicIsAWireToTheWorldOutside(@TempDir Path tmp) throws Exception {
        Path dir = copy(SCENARIOS.resolve("port-mapping/captured/snapshot-before"), tmp);
        ObjectMapper json = new ObjectMapper();
        deleteTree(dir.resolve("ext"));
        ObjectNode names = (ObjectNode) json.readTree(dir.resolve("namespaces.json").toFile());
        names.remove("ext");
        json.writeValue(dir.resolve("namespaces.json").toFile(), names);
        ArrayNode peers = json.createArrayNode();
        for (JsonNode p : json.readTree(dir.resolve("veth-peers.json").toFile())) {
            if (!p.path("role").asText().equals("ext") && !p.path("peer_role").asText().equals("ext")) {
                peers.add(p);
            }
        }
        json.writeValue(dir.resolve("veth-peers.json").toFile(), peers);
        ArrayNode links = (ArrayNode) json.readTree(dir.resolve("host/link.json").toFile());
        for (JsonNode l : links) {
            if (l.path("ifname").asText().equals("eth0")) {
                ((ObjectNode) l).remove(List.of("linkinfo", "link_netnsid", "link_index"));
            }
        }
        json.writeValue(dir.resolve("host/link.json").toFile(), links);
        Files.writeString(dir.resolve("host/neigh.json"), "[{\"dst\":\"192.168.1.20\",\"dev\":\"eth0\","
                + "\"lladdr\":\"02:00:c0:a8:01:14\",\"state\":[\"REACHABLE\"]}]");

        World w = SnapshotLoader.load(dir);
        assertThat(w.node("host").iface("eth0")).isInstanceOfSatisfying(Wire.class, e -> assertThat(e.toOutside()).isTrue());
        Simulation sim = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("test1", null, Ipv4Address.parse("8.8.8.8"), 80, IpProtocol.TCP), 5);
        Trace trace = sim.run("real host");
        assertThat(trace.disposition().detail()).contains("left host for the world outside the simulation, by eth0",
                "not simulated");
        assertThat(sim.engine().captures().on("host", "eth0")).singleElement().satisfies(f -> {
            assertThat(f.frame().ip().source()).as("MASQUERADEd").isEqualTo(Ipv4Address.parse("192.168.1.10"));
            assertThat(f.frame().ethernet().destination()).isEqualTo(MacAddress.parse("02:00:c0:a8:01:14"));
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void notAFolder(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> SnapshotLoader.load(tmp.resolve("nope"))).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not a snapshot folder (no such directory)");
        Path file = Files.writeString(tmp.resolve("addr.json"), "[]");
        assertThatThrownBy(() -> SnapshotLoader.load(file)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not a snapshot folder (a file;");
    }

    /** {@code dir} with {@code json} (route objects, comma-separated) put before the host's recorded routes. */
    private static Path withHostRoutesFirst(Path dir, String json) throws IOException {
        Path routes = dir.resolve("host/route.json");
        Files.writeString(routes, Files.readString(routes).replaceFirst("\\[", "[" + json + ","));
        return dir;
    }

    /** A copy of the snapshot folder {@code from} in {@code tmp}/snap, to change a file of (FirewallsTest too). */
    static Path copy(Path from, Path tmp) throws IOException {
        Path to = tmp.resolve("snap");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
