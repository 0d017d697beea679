package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code RequestAddress} reply: the address with the pool's prefix length ({@code 172.20.0.2/16}). */
public record RequestAddressResponse(@JsonProperty("Address") String address,
                                     @JsonProperty("Data") Map<String, String> data) {
}
