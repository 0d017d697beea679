package io.bridgelab.plugin.api;

/** The {@code IpamDriver} interface of the remote protocol; errors are {@link DriverException}s. */
public interface IpamDriver {
    /** This and {@link #getDefaultAddressSpaces} run on the server's event loop: from memory, never blocking. */
    IpamCapabilitiesResponse getIpamCapabilities();

    AddressSpacesResponse getDefaultAddressSpaces();

    RequestPoolResponse requestPool(RequestPoolRequest request);

    void releasePool(ReleasePoolRequest request);

    RequestAddressResponse requestAddress(RequestAddressRequest request);

    void releaseAddress(ReleaseAddressRequest request);
}
