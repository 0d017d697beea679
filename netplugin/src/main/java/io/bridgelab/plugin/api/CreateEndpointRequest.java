package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code NetworkDriver.CreateEndpoint}. */
public record CreateEndpointRequest(@JsonProperty("NetworkID") String networkId,
                                    @JsonProperty("EndpointID") String endpointId,
                                    @JsonProperty("Options") Map<String, Object> options,
                                    @JsonProperty("Interface") EndpointInterface endpointInterface) {
    public CreateEndpointRequest {
        options = Options.copy(options);
        if (endpointInterface == null) {
            endpointInterface = EndpointInterface.EMPTY;
        }
    }
}
