package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code NetworkDriver.Join}: the sandbox (a netns path) the endpoint is being joined to. */
public record JoinRequest(@JsonProperty("NetworkID") String networkId,
                          @JsonProperty("EndpointID") String endpointId,
                          @JsonProperty("SandboxKey") String sandboxKey,
                          @JsonProperty("Options") Map<String, Object> options) {
    public JoinRequest {
        options = Options.copy(options);
    }
}
