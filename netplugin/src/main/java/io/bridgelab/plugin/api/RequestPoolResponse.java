package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code RequestPool} reply. */
public record RequestPoolResponse(@JsonProperty("PoolID") String poolId,
                                  @JsonProperty("Pool") String pool,
                                  @JsonProperty("Data") Map<String, String> data) {
}
