package io.bridgelab.plugin.api;

/** The {@code IpamDriver} interface of the remote protocol; errors are {@link DriverException}s. */
public interface IpamDriver {
    IpamCapabilitiesResponse getIpamCapabilities();

    AddressSpacesResponse getDefaultAddressSpaces();

    RequestPoolResponse requestPool(RequestPoolRequest request);

    void releasePool(ReleasePoolRequest request);

    RequestAddressResponse requestAddress(RequestAddressRequest request);

    void releaseAddress(ReleaseAddressRequest request);
}
