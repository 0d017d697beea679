package io.bridgelab.netfilter.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetadataTest {
    private static final Metadata SOME = new Metadata("eth0", "docker0", "veth1", null, 7);

    @Test
    void aWitherThatChangesNothingHandsBackTheSameValue() {
        assertThat(SOME.withInInterface("eth0")).isSameAs(SOME);
        assertThat(SOME.withInInterface(new String("eth0"))).isSameAs(SOME);
        assertThat(SOME.withOutInterface("docker0")).isSameAs(SOME);
        assertThat(SOME.withBridgePorts("veth1", null)).isSameAs(SOME);
        assertThat(SOME.withMark(7)).isSameAs(SOME);
        assertThat(Metadata.NONE.withOutInterface(null)).isSameAs(Metadata.NONE);
    }

    @Test
    void aWitherThatChangesSomethingChangesOnlyThat() {
        assertThat(SOME.withInInterface(null)).isEqualTo(new Metadata(null, "docker0", "veth1", null, 7));
        assertThat(SOME.withOutInterface("eth1")).isEqualTo(new Metadata("eth0", "eth1", "veth1", null, 7));
        assertThat(SOME.withBridgePorts("veth1", "veth2"))
                .isEqualTo(new Metadata("eth0", "docker0", "veth1", "veth2", 7));
        assertThat(SOME.withBridgePorts(null, null)).isEqualTo(new Metadata("eth0", "docker0", null, null, 7));
        assertThat(SOME.withMark(0)).isEqualTo(new Metadata("eth0", "docker0", "veth1", null, 0));
    }

    @Test
    void aChangedValueIsOneMadeRecentlyWhenEqual() {
        Metadata forwarded = Metadata.NONE.withInInterface("eth0").withOutInterface("docker0");
        assertThat(forwarded).isEqualTo(new Metadata("eth0", "docker0", null, null, 0));
        assertThat(Metadata.NONE.withInInterface("eth0").withOutInterface("docker0")).isSameAs(forwarded);
        assertThat(Metadata.NONE.withInInterface(new String("eth0")).withOutInterface("docker0")).isEqualTo(forwarded);
        Metadata bridged = Metadata.NONE.withInInterface("docker0").withBridgePorts("veth1", null);
        assertThat(bridged).isEqualTo(new Metadata("docker0", null, "veth1", null, 0));
        assertThat(Metadata.NONE.withInInterface("docker0").withBridgePorts("veth1", null)).isSameAs(bridged);
        assertThat(bridged.withBridgePorts("veth2", null)).isEqualTo(new Metadata("docker0", null, "veth2", null, 0));
        assertThat(SOME.withInInterface("eth9")).isEqualTo(new Metadata("eth9", "docker0", "veth1", null, 7));
    }

    @Test
    void packetsKeepTheirIdentityWhenTheirMetadataDoesNotChange() {
        Packet p = new Packet(null, new OpaqueNetwork(0x86dd, Bytes.EMPTY)).withMetadata(SOME);
        assertThat(p.withMetadata(p.metadata().withOutInterface("docker0"))).isSameAs(p);
    }
}
