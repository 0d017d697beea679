package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code CreateEndpoint} reply: only what the driver chose (null when dockerd chose everything). */
public record CreateEndpointResponse(@JsonProperty("Interface") EndpointInterface endpointInterface) {
}
