package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An endpoint's interface: {@code Address} is a CIDR ({@code 172.20.0.2/16}), {@code MacAddress} colon
 * hex. In a CreateEndpoint reply, fields dockerd already set must be left empty (it refuses a driver
 * that overrides them), hence empty strings are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointInterface(@JsonProperty("Address") String address,
                                @JsonProperty("AddressIPv6") String addressIpv6,
                                @JsonProperty("MacAddress") String macAddress) {
    public static final EndpointInterface EMPTY = new EndpointInterface(null, null, null);

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return blank(address) && blank(addressIpv6) && blank(macAddress);
    }

    static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
