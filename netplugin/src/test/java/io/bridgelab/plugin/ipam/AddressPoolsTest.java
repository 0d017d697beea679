package io.bridgelab.plugin.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.ReleaseAddressRequest;
import io.bridgelab.plugin.api.ReleasePoolRequest;
import io.bridgelab.plugin.api.RequestAddressRequest;
import io.bridgelab.plugin.api.RequestPoolRequest;
import io.bridgelab.plugin.api.RequestPoolResponse;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressPoolsTest {
    @TempDir
    Path dir;

    private static RequestAddressRequest any(String pool) {
        return new RequestAddressRequest(pool, "", Map.of());
    }

    @Test
    void gatewayFirstThenLowestFreeAndRequestedHonoured() {
        try (StateStore store = StateStore.open(dir)) {
            AddressPools ipam = new AddressPools(store);
            RequestPoolResponse p = ipam.requestPool(new RequestPoolRequest("netplugin-local", "10.3.0.0/24", "", Map.of(), false));
            assertThat(p.poolId()).isEqualTo("netplugin/10.3.0.0/24");
            assertThat(ipam.requestAddress(new RequestAddressRequest(p.poolId(), "",
                    Map.of("RequestAddressType", "com.docker.network.gateway"))).address()).isEqualTo("10.3.0.1/24");
            assertThat(ipam.requestAddress(any(p.poolId())).address()).isEqualTo("10.3.0.2/24");
            assertThat(ipam.requestAddress(new RequestAddressRequest(p.poolId(), "10.3.0.9", Map.of())).address())
                    .isEqualTo("10.3.0.9/24");
            assertThatThrownBy(() -> ipam.requestAddress(new RequestAddressRequest(p.poolId(), "10.3.0.9", Map.of())))
                    .hasMessage("Address 10.3.0.9 is already allocated in pool 10.3.0.0/24");
            assertThatThrownBy(() -> ipam.requestAddress(new RequestAddressRequest(p.poolId(), "10.4.0.9", Map.of())))
                    .hasMessage("Address 10.4.0.9 is not in pool 10.3.0.0/24");
            assertThatThrownBy(() -> ipam.requestAddress(new RequestAddressRequest(p.poolId(), "10.3.0.255", Map.of())))
                    .hasMessageContaining("broadcast");
            ipam.releaseAddress(new ReleaseAddressRequest(p.poolId(), "10.3.0.2/24"));
            assertThat(ipam.requestAddress(any(p.poolId())).address()).isEqualTo("10.3.0.2/24");
        }
        try (StateStore store = StateStore.open(dir)) {
            // After a restart the allocations are still there.
            AddressPools ipam = new AddressPools(store);
            assertThat(ipam.requestAddress(any("netplugin/10.3.0.0/24")).address()).isEqualTo("10.3.0.3/24");
            ipam.releasePool(new ReleasePoolRequest("netplugin/10.3.0.0/24"));
            assertThatThrownBy(() -> ipam.requestAddress(any("netplugin/10.3.0.0/24")))
                    .hasMessage("unknown pool 'netplugin/10.3.0.0/24'");
        }
    }

    @Test
    void aRetriedRequestPoolWhoseAnswerWasLostGetsTheSamePoolUntilItsFirstAddress() {
        RequestPoolRequest ask = new RequestPoolRequest("", "10.5.0.0/16", "10.5.1.0/24", Map.of(), false);
        try (StateStore store = StateStore.open(dir)) {
            new AddressPools(store).requestPool(ask); // stored; say the plugin is killed before dockerd reads it
        }
        try (StateStore store = StateStore.open(dir)) {
            AddressPools ipam = new AddressPools(store);
            RequestPoolResponse again = ipam.requestPool(ask);
            assertThat(again.poolId()).isEqualTo("netplugin/10.5.0.0/16");
            assertThat(again.pool()).isEqualTo("10.5.0.0/16");
            assertThat(ipam.requestPool(ask)).isEqualTo(again);
            // Not the same request: another range in it, or the whole pool, still overlaps.
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "10.5.0.0/16", "10.5.2.0/24",
                    Map.of(), false))).hasMessage("Pool 10.5.0.0/16 overlaps pool 10.5.0.0/16 already in use");
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "10.5.0.0/16", "", Map.of(),
                    false))).hasMessageContaining("overlaps");
            // Once an address is handed out a network uses the pool: a second network may not have it too.
            assertThat(ipam.requestAddress(any(again.poolId())).address()).startsWith("10.5.1.").endsWith("/16");
            assertThatThrownBy(() -> ipam.requestPool(ask)).hasMessageContaining("overlaps");
            ipam.releasePool(new ReleasePoolRequest(again.poolId()));
            assertThat(ipam.requestPool(ask)).isEqualTo(again);
        }
    }

    @Test
    void overlapsAndBadPoolsAreRefused() {
        try (StateStore store = StateStore.open(dir)) {
            AddressPools ipam = new AddressPools(store);
            ipam.requestPool(new RequestPoolRequest("", "10.3.0.0/16", "", Map.of(), false));
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "10.3.7.0/24", "", Map.of(), false)))
                    .isInstanceOf(DriverException.class).hasMessageContaining("overlaps pool 10.3.0.0/16");
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "10.3.7.1/24", "", Map.of(), false)))
                    .hasMessageContaining("host bits set; did you mean 10.3.7.0/24?");
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "banana", "", Map.of(), false)))
                    .hasMessageContaining("Pool 'banana' has no prefix length");
            assertThatThrownBy(() -> ipam.requestPool(new RequestPoolRequest("", "", "", Map.of(), true)))
                    .hasMessageContaining("IPv4 only");
            RequestPoolResponse auto = ipam.requestPool(new RequestPoolRequest("", "", "", Map.of(), false));
            assertThat(auto.pool()).isEqualTo("172.18.0.0/16");
            assertThat(ipam.requestPool(new RequestPoolRequest("", "", "", Map.of(), false)).pool()).isEqualTo("172.19.0.0/16");
        }
    }

    @Test
    void fiftyParallelRequestsGetDistinctAddresses() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            AddressPools ipam = new AddressPools(store);
            String pool = ipam.requestPool(new RequestPoolRequest("", "10.9.0.0/24", "", Map.of(), false)).poolId();
            ExecutorService pool50 = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    futures.add(pool50.submit(() -> ipam.requestAddress(any(pool)).address()));
                }
                Set<String> got = new HashSet<>();
                for (Future<String> f : futures) {
                    got.add(f.get());
                }
                assertThat(got).hasSize(50);
                assertThat(store.addresses(pool)).hasSize(50);
            } finally {
                pool50.shutdownNow();
            }
        }
    }
}
