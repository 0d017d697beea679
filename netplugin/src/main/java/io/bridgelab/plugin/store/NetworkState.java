package io.bridgelab.plugin.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A network as created: its bridge, subnet, gateway and the bridge-driver options that decide its rules.
 * {@code hostBindingIpv4} is null for "all addresses".
 */
public record NetworkState(@JsonProperty("id") String id,
                           @JsonProperty("bridge") String bridge,
                           @JsonProperty("subnet") String subnet,
                           @JsonProperty("gateway") String gateway,
                           @JsonProperty("mtu") int mtu,
                           @JsonProperty("icc") boolean icc,
                           @JsonProperty("masquerade") boolean masquerade,
                           @JsonProperty("internal") boolean internal,
                           @JsonProperty("hostBindingIpv4") String hostBindingIpv4,
                           @JsonProperty("ifacePrefix") String ifacePrefix) {

    /** The first 12 characters of the id, as {@code docker network ls} shows it. */
    public String shortId() {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }
}
