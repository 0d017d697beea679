package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** NetworkDriver (and Plugin) error reply: {@code {"Err": "..."}}. */
public record ErrorResponse(@JsonProperty("Err") String err) {
}
