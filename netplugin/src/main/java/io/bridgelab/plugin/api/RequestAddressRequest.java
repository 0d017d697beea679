package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code IpamDriver.RequestAddress}: {@code Address} empty means "any"; a gateway request carries
 * {@code Options["RequestAddressType"] = "com.docker.network.gateway"}.
 */
public record RequestAddressRequest(@JsonProperty("PoolID") String poolId,
                                    @JsonProperty("Address") String address,
                                    @JsonProperty("Options") Map<String, String> options) {
    public static final String GATEWAY_TYPE = "com.docker.network.gateway";

    public RequestAddressRequest {
        options = Options.copyStrings(options);
    }

    public boolean isGatewayRequest() {
        return GATEWAY_TYPE.equals(options.get("RequestAddressType"));
    }
}
