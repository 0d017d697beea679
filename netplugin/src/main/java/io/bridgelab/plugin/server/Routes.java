package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.ActivateResponse;
import io.bridgelab.plugin.api.AllocateNetworkRequest;
import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.bridgelab.plugin.api.DiscoveryRequest;
import io.bridgelab.plugin.api.EmptyResponse;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.IpamDriver;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.NetworkDriver;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.api.ReleaseAddressRequest;
import io.bridgelab.plugin.api.ReleasePoolRequest;
import io.bridgelab.plugin.api.RequestAddressRequest;
import io.bridgelab.plugin.api.RequestPoolRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The table from {@code /Interface.Method} to the driver call, built once from the drivers served. */
public final class Routes {
    private final Map<String, Route> byPath;

    private Routes(Map<String, Route> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** The route for {@code path}, or null (the handler answers 404). */
    public Route find(String path) {
        return byPath.get(path);
    }

    /** Routes for a network driver and, when {@code ipam} is not null, an IPAM driver. */
    public static Routes of(NetworkDriver net, IpamDriver ipam) {
        Map<String, Route> m = new LinkedHashMap<>();
        List<String> implemented = new ArrayList<>(List.of("NetworkDriver"));
        if (ipam != null) {
            implemented.add("IpamDriver");
        }
        ActivateResponse activate = new ActivateResponse(List.copyOf(implemented));
        m.put("/Plugin.Activate", new Route("/Plugin.Activate", false, true, body -> activate));

        String nd = "/NetworkDriver.";
        // inline(...): answered on the event loop, from memory (see Route); the others may block.
        inline(m, nd + "GetCapabilities", false, body -> net.getCapabilities());
        put(m, nd + "CreateNetwork", false, Route.typed(CreateNetworkRequest.class, empty(net::createNetwork)));
        put(m, nd + "DeleteNetwork", false, Route.typed(NetworkRequest.class, empty(net::deleteNetwork)));
        put(m, nd + "CreateEndpoint", false, Route.typed(CreateEndpointRequest.class, net::createEndpoint));
        inline(m, nd + "EndpointOperInfo", false, Route.typed(EndpointRequest.class, net::endpointOperInfo));
        put(m, nd + "DeleteEndpoint", false, Route.typed(EndpointRequest.class, empty(net::deleteEndpoint)));
        put(m, nd + "Join", false, Route.typed(JoinRequest.class, net::join));
        put(m, nd + "Leave", false, Route.typed(EndpointRequest.class, empty(net::leave)));
        put(m, nd + "ProgramExternalConnectivity", false,
                Route.typed(ExternalConnectivityRequest.class, empty(net::programExternalConnectivity)));
        put(m, nd + "RevokeExternalConnectivity", false,
                Route.typed(ExternalConnectivityRequest.class, empty(net::revokeExternalConnectivity)));
        inline(m, nd + "DiscoverNew", false, Route.typed(DiscoveryRequest.class, empty(net::discoverNew)));
        inline(m, nd + "DiscoverDelete", false, Route.typed(DiscoveryRequest.class, empty(net::discoverDelete)));
        put(m, nd + "AllocateNetwork", false, Route.typed(AllocateNetworkRequest.class, net::allocateNetwork));
        put(m, nd + "FreeNetwork", false, Route.typed(NetworkRequest.class, empty(net::freeNetwork)));

        if (ipam != null) {
            String id = "/IpamDriver.";
            inline(m, id + "GetCapabilities", true, body -> ipam.getIpamCapabilities());
            inline(m, id + "GetDefaultAddressSpaces", true, body -> ipam.getDefaultAddressSpaces());
            put(m, id + "RequestPool", true, Route.typed(RequestPoolRequest.class, ipam::requestPool));
            put(m, id + "ReleasePool", true, Route.typed(ReleasePoolRequest.class, empty(ipam::releasePool)));
            put(m, id + "RequestAddress", true, Route.typed(RequestAddressRequest.class, ipam::requestAddress));
            put(m, id + "ReleaseAddress", true,
                    Route.typed(ReleaseAddressRequest.class, empty(ipam::releaseAddress)));
        }
        return new Routes(m);
    }

    private static void put(Map<String, Route> m, String path, boolean ipam, Route.Call call) {
        m.put(path, new Route(path, ipam, false, call));
    }

    private static void inline(Map<String, Route> m, String path, boolean ipam, Route.Call call) {
        m.put(path, new Route(path, ipam, true, call));
    }

    private static <T> java.util.function.Function<T, Object> empty(Consumer<T> action) {
        return request -> {
            action.accept(request);
            return EmptyResponse.INSTANCE;
        };
    }
}
