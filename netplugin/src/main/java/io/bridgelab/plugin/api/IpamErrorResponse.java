package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** IpamDriver error reply: libnetwork's ipam client reads {@code {"Error": "..."}}, not {@code Err}. */
public record IpamErrorResponse(@JsonProperty("Error") String error) {
}
