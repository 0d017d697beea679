package io.bridgelab.sim.record;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins veth ends across recorded namespaces. {@code ip -d link} gives each veth its peer's ifindex
 * ({@code link_index}) and, when the peer lives in another namespace, a {@code link_netnsid}: an id that is
 * only meaningful in the namespace that printed it, which {@code ip netns list-id} there maps to the peer's
 * netns name. Same rules as lib/snapshot.sh's Python, so both write the same veth-peers.json. A namespace that has no
 * name there, or was recorded by its file rather than by that name (a container's, the host's), is found by the pair
 * itself: the one veth among the other recorded namespaces whose ifindex is this end's {@code link_index} and whose
 * {@code link_index} is this end's ifindex.
 */
final class VethPeers {
    private VethPeers() {
    }

    static List<VethPeer> resolve(List<NamespaceRecorder.Recorded> namespaces) {
        Map<String, NamespaceRecorder.Recorded> byNetns = new HashMap<>();
        for (NamespaceRecorder.Recorded r : namespaces) {
            byNetns.put(r.ref().netns(), r);
        }
        List<VethPeer> out = new ArrayList<>();
        for (NamespaceRecorder.Recorded r : namespaces) {
            Map<Integer, String> nsids = new HashMap<>();
            for (JsonNode e : r.nsids()) {
                nsids.put(e.path("nsid").asInt(), e.hasNonNull("name") ? e.get("name").asText() : null);
            }
            for (JsonNode l : r.links()) {
                if (!"veth".equals(l.path("linkinfo").path("info_kind").asText(null))) {
                    continue;
                }
                String peerNetns = l.has("link_netnsid") ? nsids.get(l.get("link_netnsid").asInt())
                        : r.ref().netns();
                NamespaceRecorder.Recorded peer = peerNetns == null ? null : byNetns.get(peerNetns);
                Integer peerIndex = l.has("link_index") ? l.get("link_index").asInt() : null;
                if (peer == null && l.has("link_netnsid") && peerIndex != null) {
                    // The peer's namespace has no name here, or a name it was not recorded by (given as its file,
                    // /proc/PID/ns/net, while ip netns also names it): find the recorded one holding the other end.
                    NamespaceRecorder.Recorded paired = pairedEnd(namespaces, r, l.path("ifindex").asInt(), peerIndex);
                    if (paired != null) {
                        peer = paired;
                        peerNetns = paired.ref().netns();
                    }
                }
                String peerIf = null;
                if (peer != null) {
                    for (JsonNode pl : peer.links()) {
                        if (peerIndex != null && pl.path("ifindex").asInt() == peerIndex) {
                            peerIf = pl.path("ifname").asText();
                        }
                    }
                }
                out.add(new VethPeer(r.ref().role(), r.ref().netns(), l.path("ifname").asText(),
                        l.path("ifindex").asInt(), l.hasNonNull("address") ? l.get("address").asText() : null,
                        peer == null ? null : peer.ref().role(), peerNetns, peerIf, peerIndex));
            }
        }
        return out;
    }

    /**
     * The recorded namespace, other than {@code self}, holding the veth whose ifindex is {@code peerIndex} and whose
     * peer is {@code ifindex} in another namespace; null when none or more than one do.
     */
    private static NamespaceRecorder.Recorded pairedEnd(List<NamespaceRecorder.Recorded> namespaces,
                                                       NamespaceRecorder.Recorded self, int ifindex, int peerIndex) {
        NamespaceRecorder.Recorded found = null;
        for (NamespaceRecorder.Recorded other : namespaces) {
            if (other == self) {
                continue;
            }
            for (JsonNode pl : other.links()) {
                if (pl.path("ifindex").asInt() == peerIndex && pl.has("link_netnsid")
                        && pl.path("link_index").asInt(-1) == ifindex
                        && "veth".equals(pl.path("linkinfo").path("info_kind").asText(null))) {
                    if (found != null) {
                        return null;
                    }
                    found = other;
                }
            }
        }
        return found;
    }
}
