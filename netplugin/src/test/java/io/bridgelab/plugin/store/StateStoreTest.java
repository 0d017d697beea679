package io.bridgelab.plugin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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

    /** status opens the store this way: it must leave every file as it was, and find what the plugin wrote. */
    @Test
    void aReadOnlyOpenCreatesAndChangesNoFile() throws IOException {
        try (StateStore s = StateStore.open(dir)) {
            s.putNetwork(network());
        }
        Map<String, String> before = files(dir);
        try (StateStore s = StateStore.openReadOnly(dir)) {
            assertThat(s.networks()).containsExactly(network());
            assertThatThrownBy(() -> s.putPool(new PoolState("p1", "10.1.0.0/16", null)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("readonly");
        }
        assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    void aReadOnlyOpenReadsWhatTheServingPluginCommitted() {
        try (StateStore writer = StateStore.open(dir)) {
            writer.putNetwork(network());
            try (StateStore s = StateStore.openReadOnly(dir)) {
                assertThat(s.networks()).containsExactly(network());
            }
            writer.putPool(new PoolState("p1", "10.1.0.0/16", null));
            assertThat(writer.pools()).hasSize(1);
        }
    }

    @Test
    void aReadOnlyOpenOfNoStoreSaysSoAndMakesNone() {
        Path none = dir.resolve("never-ran");
        assertThatThrownBy(() -> StateStore.openReadOnly(none)).isInstanceOf(MissingStoreException.class)
                .hasMessage("no state store at " + none.resolve("state.db"));
        assertThat(Files.exists(none)).isFalse();
        assertThatThrownBy(() -> StateStore.openReadOnly(dir)).isInstanceOf(MissingStoreException.class);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aStoreThatCannotBeReadSaysWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> StateStore.openReadOnly(file)).isInstanceOf(StoreException.class)
                .hasMessage("cannot open state store " + file.resolve("state.db") + ": " + file
                        + " is not a directory");
        assertThatThrownBy(() -> StateStore.open(file)).isInstanceOf(StoreException.class)
                .hasMessage("cannot open state store " + file.resolve("state.db") + ": " + file
                        + " is not a directory");
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("state.db"), "garbage\n");
        assertThatThrownBy(() -> StateStore.openReadOnly(garbage)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot read the state in " + garbage.resolve("state.db") + ": ")
                .hasMessageContaining("not a database");
        Path directory = Files.createDirectories(dir.resolve("dir").resolve("state.db")).getParent();
        assertThatThrownBy(() -> StateStore.openReadOnly(directory)).isInstanceOf(StoreException.class)
                .hasMessage("cannot open state store " + directory.resolve("state.db")
                        + ": it is a directory, not a SQLite file");
    }

    static NetworkState network() {
        return new NetworkState("net1", "br0", "10.0.0.0/24", "10.0.0.1/24", 1500, true, true, false, null, "eth");
    }

    /** Every file of {@code dir}: name to size, modification time and content hash. */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                out.put(p.getFileName().toString(), Files.size(p) + " " + Files.getLastModifiedTime(p) + " "
                        + Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
