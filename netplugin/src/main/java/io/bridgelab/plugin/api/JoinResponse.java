package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code Join} reply. {@code Gateway} is a plain address (no prefix length). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JoinResponse(@JsonProperty("InterfaceName") InterfaceName interfaceName,
                           @JsonProperty("Gateway") String gateway,
                           @JsonProperty("GatewayIPv6") String gatewayIpv6,
                           @JsonProperty("StaticRoutes") List<StaticRoute> staticRoutes,
                           @JsonProperty("DisableGatewayService") boolean disableGatewayService) {
}
