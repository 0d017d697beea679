package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.AddressSpacesResponse;
import io.bridgelab.plugin.api.CapabilitiesResponse;
import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.EndpointInterface;
import io.bridgelab.plugin.api.EndpointOperInfoResponse;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.InterfaceName;
import io.bridgelab.plugin.api.IpamCapabilitiesResponse;
import io.bridgelab.plugin.api.IpamDriver;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.JoinResponse;
import io.bridgelab.plugin.api.NetworkDriver;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.api.ReleaseAddressRequest;
import io.bridgelab.plugin.api.ReleasePoolRequest;
import io.bridgelab.plugin.api.RequestAddressRequest;
import io.bridgelab.plugin.api.RequestAddressResponse;
import io.bridgelab.plugin.api.RequestPoolRequest;
import io.bridgelab.plugin.api.RequestPoolResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A driver that records the requests it got, for testing the transport alone. */
final class RecordingDriver implements NetworkDriver, IpamDriver {
    final List<Object> calls = new CopyOnWriteArrayList<>();
    /** When set, CreateNetwork waits for it after recording its request (a call held in the driver). */
    volatile java.util.concurrent.CountDownLatch createNetworkGate;
    /** Counted down when a CreateNetwork has recorded its request (before it waits at the gate). */
    final java.util.concurrent.CountDownLatch createNetworkEntered = new java.util.concurrent.CountDownLatch(1);

    @Override
    public CapabilitiesResponse getCapabilities() {
        return CapabilitiesResponse.LOCAL;
    }

    @Override
    public void createNetwork(CreateNetworkRequest request) {
        calls.add(request);
        createNetworkEntered.countDown();
        if (createNetworkGate != null) {
            try {
                createNetworkGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ("bad".equals(request.networkId())) {
            throw new DriverException("network bad: refused");
        }
    }

    @Override
    public void deleteNetwork(NetworkRequest request) {
        calls.add(request);
    }

    @Override
    public CreateEndpointResponse createEndpoint(CreateEndpointRequest request) {
        calls.add(request);
        return new CreateEndpointResponse(new EndpointInterface("172.20.0.2/16", null, null));
    }

    @Override
    public EndpointOperInfoResponse endpointOperInfo(EndpointRequest request) {
        return new EndpointOperInfoResponse(Map.of());
    }

    @Override
    public void deleteEndpoint(EndpointRequest request) {
        calls.add(request);
    }

    @Override
    public JoinResponse join(JoinRequest request) {
        calls.add(request);
        return new JoinResponse(new InterfaceName("npc0", "eth"), "172.20.0.1", null, null, false);
    }

    @Override
    public void leave(EndpointRequest request) {
        calls.add(request);
    }

    @Override
    public void programExternalConnectivity(ExternalConnectivityRequest request) {
        calls.add(request);
    }

    @Override
    public void revokeExternalConnectivity(ExternalConnectivityRequest request) {
        calls.add(request);
    }

    @Override
    public IpamCapabilitiesResponse getIpamCapabilities() {
        return new IpamCapabilitiesResponse(false, false);
    }

    @Override
    public AddressSpacesResponse getDefaultAddressSpaces() {
        return new AddressSpacesResponse("netplugin-local", "netplugin-global");
    }

    @Override
    public RequestPoolResponse requestPool(RequestPoolRequest request) {
        throw new DriverException("pool " + request.pool() + " overlaps");
    }

    @Override
    public void releasePool(ReleasePoolRequest request) {
    }

    @Override
    public RequestAddressResponse requestAddress(RequestAddressRequest request) {
        return new RequestAddressResponse("10.0.0.2/24", Map.of());
    }

    @Override
    public void releaseAddress(ReleaseAddressRequest request) {
    }
}
