package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code IpamDriver.RequestPool}: {@code Pool} empty means "pick one". */
public record RequestPoolRequest(@JsonProperty("AddressSpace") String addressSpace,
                                 @JsonProperty("Pool") String pool,
                                 @JsonProperty("SubPool") String subPool,
                                 @JsonProperty("Options") Map<String, String> options,
                                 @JsonProperty("V6") boolean v6) {
    public RequestPoolRequest {
        options = Options.copyStrings(options);
    }
}
