package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code ProgramExternalConnectivity} / {@code RevokeExternalConnectivity}; Options carry
 * {@code com.docker.network.portmap} and {@code com.docker.network.endpoint.exposedports}.
 */
public record ExternalConnectivityRequest(@JsonProperty("NetworkID") String networkId,
                                          @JsonProperty("EndpointID") String endpointId,
                                          @JsonProperty("Options") Map<String, Object> options) {
    public ExternalConnectivityRequest {
        options = Options.copy(options);
    }
}
