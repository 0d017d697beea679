package io.bridgelab.sim.record;

/**
 * One veth end and its peer, as veth-peers.json lists it. {@code peerRole} and {@code peerIfname} are null
 * when the peer's namespace was not recorded; {@code peerNetns} is null when it has no name (no nsid).
 */
public record VethPeer(String role, String netns, String ifname, int ifindex, String address, String peerRole,
                       String peerNetns, String peerIfname, Integer peerIfindex) {
}
