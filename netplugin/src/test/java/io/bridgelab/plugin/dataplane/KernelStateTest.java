package io.bridgelab.plugin.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** iptables-save text split into the owned chains' rules and the jumps into them from other chains. */
class KernelStateTest {
    static String fixture(String name) {
        try (InputStream in = KernelStateTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jumpsFromBuiltInChainsIntoOwnedChainsAreKeptApartFromTheOwnedRules() {
        KernelState k = KernelState.of(List.of(), fixture("forward-jump-deleted.iptables-save"));
        assertThat(k.hookJumps()).extracting(Object::toString).containsExactly(
                "nat -A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment \"netplugin:base\" -j NETPLUGIN",
                "nat -A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment \"netplugin:base\" -j NETPLUGIN",
                "nat -A POSTROUTING -m comment --comment \"netplugin:base\" -j NETPLUGIN-POSTROUTING");
        assertThat(k.rules()).extracting(Object::toString).containsExactly(
                "filter -A NETPLUGIN-FORWARD -m comment --comment \"netplugin:base\" -j NETPLUGIN-ISOLATION-STAGE-1");
    }

    @Test
    void aGotoIntoAnOwnedChainIsAJumpAndAnOwnedChainNamedInAMatchIsNot() {
        KernelState k = KernelState.of(List.of(), """
                *filter
                :FORWARD ACCEPT [0:0]
                :NETPLUGIN-FORWARD - [0:0]
                -A FORWARD -g NETPLUGIN-FORWARD
                -A FORWARD -m comment --comment "-j NETPLUGIN-FORWARD" -j ACCEPT
                -A FORWARD -j NETPLUGIN-FORWARD-OTHER
                COMMIT
                """);
        assertThat(k.hookJumps()).extracting(Object::toString).containsExactly(
                "filter -A FORWARD -g NETPLUGIN-FORWARD");
        assertThat(k.rules()).isEmpty();
    }
}
