package io.bridgelab.plugin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's in-memory copy answers as the database does, before and after a reopen. */
class StateStoreTest {
    @TempDir
    Path dir;

    static EndpointState endpoint(String id, String sandbox) {
        return new EndpointState(id, "net1", "10.0.0.2/24", "02:42:0a:00:00:02", "npv" + id, "npc" + id, sandbox,
                List.of(new PortMapping("tcp", null, 8080, "10.0.0.2", 80)));
    }

    @Test
    void readsAfterWritesMatchAReopenedStore() {
        try (StateStore s = StateStore.open(dir)) {
            s.putNetwork(new NetworkState("net1", "br0", "10.0.0.0/24", "10.0.0.1/24", 1500, true, true, false, null,
                    "eth"));
            s.putEndpoints(List.of(endpoint("b", null), endpoint("a", null), endpoint("c", null)));
            s.putEndpoint(endpoint("a", "/x"));
            s.removeEndpoint("c");
            s.putPool(new PoolState("p1", "10.1.0.0/16", null));
            assertThat(s.addAddress("p1", "10.1.0.2")).isTrue();
            assertThat(s.addAddress("p1", "10.1.0.2")).isFalse();
            s.addAddress("p1", "10.1.0.3");
            s.removeAddress("p1", "10.1.0.3");
            assertThat(s.endpoints()).containsExactly(endpoint("a", "/x"), endpoint("b", null));
            assertThat(s.endpoint("c")).isEmpty();
            assertThat(s.addresses("p1")).containsExactly("10.1.0.2");
        }
        try (StateStore s = StateStore.open(dir)) {
            assertThat(s.endpoints()).containsExactly(endpoint("a", "/x"), endpoint("b", null));
            assertThat(s.networks()).extracting(NetworkState::bridge).containsExactly("br0");
            assertThat(s.addresses("p1")).containsExactly("10.1.0.2");
            s.removePool("p1");
            assertThat(s.pools()).isEmpty();
            assertThat(s.addresses("p1")).isEmpty();
        }
        try (StateStore s = StateStore.open(dir)) {
            assertThat(s.pools()).isEmpty();
            assertThat(s.addresses("p1")).isEmpty();
        }
    }
}
