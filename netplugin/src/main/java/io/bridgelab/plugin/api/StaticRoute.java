package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A route dockerd installs in the sandbox; {@code RouteType} 0 = via {@code NextHop}, 1 = connected. */
public record StaticRoute(@JsonProperty("Destination") String destination,
                          @JsonProperty("RouteType") int routeType,
                          @JsonProperty("NextHop") String nextHop) {
}
