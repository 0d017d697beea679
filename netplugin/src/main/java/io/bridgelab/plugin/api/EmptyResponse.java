package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/** {@code {}}: the success reply of calls that return nothing. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE)
public record EmptyResponse() {
    public static final EmptyResponse INSTANCE = new EmptyResponse();
}
