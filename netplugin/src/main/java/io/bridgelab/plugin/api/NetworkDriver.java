package io.bridgelab.plugin.api;

/**
 * The {@code NetworkDriver} interface of libnetwork's remote driver protocol. Methods throw
 * {@link DriverException} with the message for the user; calls without a reply body return nothing.
 */
public interface NetworkDriver {
    /** Runs on the server's event loop (see {@code Route.inline}): answers from memory, never blocks. */
    CapabilitiesResponse getCapabilities();

    void createNetwork(CreateNetworkRequest request);

    void deleteNetwork(NetworkRequest request);

    CreateEndpointResponse createEndpoint(CreateEndpointRequest request);

    /**
     * Runs on the server's event loop (see {@code Route.inline}): must answer from memory and never block
     * (no lock a kernel change or a store write may hold, no I/O).
     */
    EndpointOperInfoResponse endpointOperInfo(EndpointRequest request);

    void deleteEndpoint(EndpointRequest request);

    JoinResponse join(JoinRequest request);

    void leave(EndpointRequest request);

    void programExternalConnectivity(ExternalConnectivityRequest request);

    void revokeExternalConnectivity(ExternalConnectivityRequest request);

    /**
     * Node discovery matters only to global-scope drivers; a local driver accepts and ignores it. Both run
     * on the server's event loop, as {@link #endpointOperInfo} does.
     */
    default void discoverNew(DiscoveryRequest request) {
    }

    default void discoverDelete(DiscoveryRequest request) {
    }

    /** Swarm-only network allocation; a local driver has nothing to hand out. */
    default AllocateNetworkResponse allocateNetwork(AllocateNetworkRequest request) {
        return new AllocateNetworkResponse(java.util.Map.of());
    }

    default void freeNetwork(NetworkRequest request) {
    }
}
