package io.bridgelab.sim.load.snapshot;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EthtoolFeaturesTest {
    private static final Path FILE = Path.of("host/ethtool-k.txt");

    @Test
    void anInterfaceOffloadsWhenItsIpv4OrGenericTxChecksumIsOn() throws Exception {
        // As ethtool 6.1 prints them: a veth with offload on, one turned off, and lo (generic, fixed on).
        List<String> lines = List.of("Features for eth0:", "rx-checksumming: on", "tx-checksumming: on",
                "\ttx-checksum-ipv4: off [fixed]", "\ttx-checksum-ip-generic: on",
                "Features for veth-test2:", "tx-checksumming: off", "\ttx-checksum-ipv4: off [fixed]",
                "\ttx-checksum-ip-generic: off", "\ttx-checksum-sctp: on [fixed]",
                "Features for lo:", "tx-checksumming: on", "\ttx-checksum-ip-generic: on [fixed]",
                "# ethtool -k docker9: failed");
        assertThat(EthtoolFeatures.checksumOffload(lines, FILE)).containsExactly("eth0", "lo");
    }

    @Test
    void aMalformedLineIsNamed() {
        assertThatThrownBy(() -> EthtoolFeatures.checksumOffload(List.of("tx-checksumming: on"), FILE))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("ethtool-k.txt")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("line 1"));
        assertThatThrownBy(() -> EthtoolFeatures.checksumOffload(List.of("Features for eth0:",
                "tx-checksum-ipv4: maybe"), FILE)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("neither on nor off")
                .satisfies(e -> assertThat(((SnapshotException) e).field()).isEqualTo("line 2"));
        assertThatThrownBy(() -> EthtoolFeatures.checksumOffload(List.of("Features for eth0:", "garbage"), FILE))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("expected 'feature: on|off'");
    }
}
