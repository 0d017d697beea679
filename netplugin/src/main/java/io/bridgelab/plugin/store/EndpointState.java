package io.bridgelab.plugin.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An endpoint: its veth pair ({@code hostVeth} stays on the bridge, {@code peerVeth} goes into the
 * container), address (with prefix length), MAC, the sandbox it joined (null if none) and its published
 * ports.
 */
public record EndpointState(@JsonProperty("id") String id,
                            @JsonProperty("networkId") String networkId,
                            @JsonProperty("address") String address,
                            @JsonProperty("mac") String mac,
                            @JsonProperty("hostVeth") String hostVeth,
                            @JsonProperty("peerVeth") String peerVeth,
                            @JsonProperty("sandbox") String sandbox,
                            @JsonProperty("ports") List<PortMapping> ports) {
    public EndpointState {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public String shortId() {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    public EndpointState withSandbox(String newSandbox) {
        return new EndpointState(id, networkId, address, mac, hostVeth, peerVeth, newSandbox, ports);
    }

    /** The same endpoint on another veth pair (a spare made ahead of time, see SpareVeths). */
    public EndpointState withVeths(String newHostVeth, String newPeerVeth) {
        return new EndpointState(id, networkId, address, mac, newHostVeth, newPeerVeth, sandbox, ports);
    }

    public EndpointState withPorts(List<PortMapping> newPorts) {
        return new EndpointState(id, networkId, address, mac, hostVeth, peerVeth, sandbox, newPorts);
    }

    /** The address without its prefix length. */
    public String ip() {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
