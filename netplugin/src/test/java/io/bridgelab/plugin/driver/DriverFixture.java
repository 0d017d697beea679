package io.bridgelab.plugin.driver;

import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.bridgelab.plugin.api.EndpointInterface;
import io.bridgelab.plugin.api.IpamData;
import java.util.List;
import java.util.Map;

/** Requests as dockerd 20.10 sends them. */
final class DriverFixture {
    private DriverFixture() {
    }

    static CreateNetworkRequest network(String id, String subnet, String gateway, Map<String, Object> generic) {
        return new CreateNetworkRequest(id, Map.of("com.docker.network.enable_ipv6", false,
                "com.docker.network.generic", generic),
                List.of(new IpamData("LocalDefault", subnet, gateway, Map.of())), List.of());
    }

    static CreateEndpointRequest endpoint(String net, String id, String address) {
        return new CreateEndpointRequest(net, id, Map.of(), new EndpointInterface(address, "", ""));
    }

    static Map<String, Object> portmap(Map<String, Object>... bindings) {
        return Map.of("com.docker.network.portmap", List.of(bindings));
    }

    static Map<String, Object> tcp(int port, int hostPort) {
        return Map.of("Proto", 6, "IP", "", "Port", port, "HostIP", "", "HostPort", hostPort, "HostPortEnd", hostPort);
    }
}
