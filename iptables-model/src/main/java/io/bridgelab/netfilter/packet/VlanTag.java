package io.bridgelab.netfilter.packet;

/** An 802.1Q tag: priority, drop-eligible bit and VLAN id. */
public record VlanTag(int priority, boolean dropEligible, int vlanId) {
    public VlanTag {
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("802.1Q priority out of 0..7: " + priority);
        }
        if (vlanId < 0 || vlanId > 4095) {
            throw new IllegalArgumentException("VLAN id out of 0..4095: " + vlanId);
        }
    }
}
