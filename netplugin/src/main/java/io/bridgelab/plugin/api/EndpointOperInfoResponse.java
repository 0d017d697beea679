package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code EndpointOperInfo} reply: free-form details shown by {@code docker network inspect}. */
public record EndpointOperInfoResponse(@JsonProperty("Value") Map<String, Object> value) {
}
