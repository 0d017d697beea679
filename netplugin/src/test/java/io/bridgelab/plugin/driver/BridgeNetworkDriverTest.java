package io.bridgelab.plugin.driver;

import static io.bridgelab.plugin.driver.DriverFixture.endpoint;
import static io.bridgelab.plugin.driver.DriverFixture.network;
import static io.bridgelab.plugin.driver.DriverFixture.portmap;
import static io.bridgelab.plugin.driver.DriverFixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.JoinResponse;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.dataplane.KernelState;
import io.bridgelab.plugin.dataplane.SimulatedDataplane;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.PortMapping;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeNetworkDriverTest {
    static final String NET = "995e2caec5d2aaaabbbbcccc";
    static final String EP = "0123456789abcdef0123";

    @TempDir
    Path dir;
    StateStore store;
    SimulatedDataplane kernel;
    BridgeNetworkDriver driver;
    final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

    @BeforeEach
    void setUp() {
        store = StateStore.open(dir);
        kernel = new SimulatedDataplane(renderer);
        kernel.ensureBase();
        driver = new BridgeNetworkDriver(store, kernel);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private List<String> links() {
        return kernel.observe().links().stream().map(KernelState.Link::name).toList();
    }

    private List<String> rules() {
        return kernel.observe().rules().stream().map(Object::toString).toList();
    }

    @Test
    void networkGetsDefaultBridgeNameAndDockerRules() {
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.bridge.enable_icc", "false")));
        assertThat(links()).containsExactly("br-995e2caec5d2");
        assertThat(rules()).contains(
                "filter -A NETPLUGIN-FORWARD -i br-995e2caec5d2 -o br-995e2caec5d2 -m comment --comment \"netplugin:net:995e2caec5d2\" -j DROP",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.0/16 ! -o br-995e2caec5d2 -m comment --comment \"netplugin:net:995e2caec5d2\" -j MASQUERADE");
        assertThat(kernel.sysctls()).containsEntry("net/ipv4/conf/br-995e2caec5d2/route_localnet", "1");
        assertThat(new Reconciler(store, kernel, renderer).diff().inSync()).isTrue();
    }

    @Test
    void fullContainerLifecycleLeavesNothingBehind() {
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.bridge.name", "np-test0")));
        List<String> baseRules = rules();
        CreateEndpointResponse created = driver.createEndpoint(endpoint(NET, EP, "172.20.0.2/16"));
        assertThat(created.endpointInterface().macAddress()).isEqualTo("02:42:ac:14:00:02");
        assertThat(created.endpointInterface().address()).isNull();
        assertThat(links()).contains("npv0123456789ab", "npc0123456789ab");
        JoinResponse join = driver.join(new JoinRequest(NET, EP, "/var/run/docker/netns/x", Map.of()));
        assertThat(join.interfaceName().srcName()).isEqualTo("npc0123456789ab");
        assertThat(join.interfaceName().dstPrefix()).isEqualTo("eth");
        assertThat(join.gateway()).isEqualTo("172.20.0.1");
        driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, EP, portmap(tcp(80, 8080))));
        assertThat(rules()).contains(
                "nat -A NETPLUGIN -p tcp -m tcp --dport 8080 -m comment --comment \"netplugin:ep:0123456789ab\" -j DNAT --to-destination 172.20.0.2:80",
                "filter -A NETPLUGIN -d 172.20.0.2/32 ! -i np-test0 -o np-test0 -p tcp -m tcp --dport 80 -m comment --comment \"netplugin:ep:0123456789ab\" -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.2/32 -d 172.20.0.2/32 -p tcp -m tcp --dport 80 -m comment --comment \"netplugin:ep:0123456789ab\" -j MASQUERADE");
        assertThat(new Reconciler(store, kernel, renderer).diff().inSync()).isTrue();
        driver.revokeExternalConnectivity(new ExternalConnectivityRequest(NET, EP, Map.of()));
        assertThat(rules()).isEqualTo(baseRules);
        driver.leave(new EndpointRequest(NET, EP));
        driver.deleteEndpoint(new EndpointRequest(NET, EP));
        driver.deleteNetwork(new NetworkRequest(NET));
        assertThat(links()).isEmpty();
        assertThat(rules()).hasSize(1); // the chain head only
        assertThat(store.networks()).isEmpty();
        assertThat(store.endpoints()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithoutKernelChange() {
        List<String> log = kernel.log();
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.bridge.name", "this-name-is-too-long"))))
                .isInstanceOf(DriverException.class).hasMessageContaining("1..15 characters");
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.bridge.name", "br;rm -rf"))))
                .hasMessageContaining("invalid character ';' at position 3");
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/33", "172.20.0.1/16", Map.of())))
                .hasMessageContaining("IPv4Data[0].Pool '172.20.0.0/33'");
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/16", "10.0.0.1/16", Map.of())))
                .hasMessageContaining("gateway 10.0.0.1/16 is not an address of pool 172.20.0.0/16");
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.bridge.enable_icc", "maybe"))))
                .hasMessageContaining("'maybe' is not a boolean");
        assertThatThrownBy(() -> driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16",
                Map.of("com.docker.network.driver.mtu", "9"))))
                .hasMessageContaining("outside 68..65535");
        assertThatThrownBy(() -> driver.deleteNetwork(new NetworkRequest("nothere")))
                .hasMessage("unknown network nothere");
        assertThatThrownBy(() -> driver.leave(new EndpointRequest("n", "nothere")))
                .hasMessage("unknown endpoint nothere");
        assertThat(kernel.log()).isEqualTo(log);
        assertThat(store.networks()).isEmpty();
    }

    @Test
    void overlappingSubnetsAndDuplicateBridgesAreRefused() {
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        assertThatThrownBy(() -> driver.createNetwork(network("other1", "172.20.5.0/24", "172.20.5.1/24", Map.of())))
                .hasMessageContaining("overlaps 172.20.0.0/16");
        assertThatThrownBy(() -> driver.createNetwork(network("other2", "10.9.0.0/24", "10.9.0.1/24",
                Map.of("com.docker.network.bridge.name", "br-995e2caec5d2"))))
                .hasMessageContaining("already used by network");
    }

    @Test
    void invalidPortsAreRefusedAndTakenPortsToo() {
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        driver.createEndpoint(endpoint(NET, "ep1", "172.20.0.2/16"));
        driver.createEndpoint(endpoint(NET, "ep2", "172.20.0.3/16"));
        assertThatThrownBy(() -> driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, "ep1",
                portmap(tcp(70000, 80))))).hasMessageContaining("portmap[0].Port 70000 is outside 1..65535");
        assertThatThrownBy(() -> driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, "ep1",
                portmap(Map.of("Proto", 47, "Port", 1, "HostPort", 1))))).hasMessageContaining("Proto 47");
        driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, "ep1", portmap(tcp(80, 8080))));
        assertThatThrownBy(() -> driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, "ep2",
                portmap(tcp(80, 8080))))).hasMessage("host port 8080/tcp is already allocated");
        driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, "ep2", portmap(tcp(80, 0),
                Map.of("Proto", 17, "Port", 53, "HostPort", 8080, "HostPortEnd", 8080))));
        List<PortMapping> ports = store.endpoint("ep2").orElseThrow().ports();
        assertThat(ports).containsExactly(new PortMapping("tcp", null, 49153, "172.20.0.3", 80),
                new PortMapping("udp", null, 8080, "172.20.0.3", 53));
    }

    @Test
    void aFailedKernelStepRollsBackAndStoresNothing() {
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        driver.createEndpoint(endpoint(NET, EP, "172.20.0.2/16"));
        List<String> before = rules();
        kernel.failWhen(op -> op.startsWith("rules -A nat -A NETPLUGIN-POSTROUTING"));
        assertThatThrownBy(() -> driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, EP,
                portmap(tcp(80, 8080))))).isInstanceOf(DriverException.class).hasMessageContaining("rolled back");
        assertThat(rules()).isEqualTo(before);
        assertThat(store.endpoint(EP).orElseThrow().ports()).isEmpty();
        kernel.failWhen(op -> op.startsWith("rules -A"));
        assertThatThrownBy(() -> driver.createNetwork(network("n2", "10.5.0.0/24", "10.5.0.1/24", Map.of())))
                .hasMessageContaining("create network n2");
        assertThat(links()).doesNotContain("br-n2");
        assertThat(store.network("n2")).isEmpty();
    }

    @Test
    void internalNetworkHasNoGatewayNoMasqueradeAndNoPorts() {
        driver.createNetwork(new io.bridgelab.plugin.api.CreateNetworkRequest(NET,
                Map.of("com.docker.network.internal", true, "com.docker.network.generic", Map.of()),
                List.of(new io.bridgelab.plugin.api.IpamData("x", "10.7.0.0/24", "10.7.0.1/24", Map.of())), List.of()));
        assertThat(rules()).noneMatch(r -> r.contains("MASQUERADE"))
                .contains("filter -A NETPLUGIN-ISOLATION-STAGE-1 ! -s 10.7.0.0/24 -o br-995e2caec5d2 -m comment --comment \"netplugin:net:995e2caec5d2\" -j DROP");
        driver.createEndpoint(endpoint(NET, EP, "10.7.0.2/24"));
        assertThat(driver.join(new JoinRequest(NET, EP, "/x", Map.of())).gateway()).isNull();
        driver.programExternalConnectivity(new ExternalConnectivityRequest(NET, EP, portmap(tcp(80, 8080))));
        assertThat(rules()).noneMatch(r -> r.contains("DNAT"));
    }
}
