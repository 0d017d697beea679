package io.bridgelab.plugin.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bridgelab.plugin.fault.CrashPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.sqlite.SQLiteConfig;

/**
 * SQLite-backed state ({@code state.db} in the state directory). Each object is one JSON row keyed by
 * kind and id; every write is its own transaction (WAL; {@code synchronous=FULL} except endpoint writes,
 * see {@link #withoutFsync}), so a kill -9 at any instant leaves either the old or the new row, never a
 * torn one. One connection for writes, serialised by this object's monitor: the plugin's writes are few and
 * small, and SQLite allows one writer anyway. Reads are served from an in-memory copy ({@link #cache}).
 */
public final class StateStore implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String NETWORK = "network";
    private static final String ENDPOINT = "endpoint";
    private static final String POOL = "pool";
    private static final String ADDRESS = "address";
    private static final String FILE_NAME = "state.db";

    private final Path file;
    private final Connection db;
    /**
     * Every row as an object, per kind, ordered by id: reads never touch SQLite. During a burst of 50
     * container starts, reads on the one connection waited behind slow commits (the store's monitor) and
     * took up to 0.3 s. The plugin is the only writer; a row enters the cache after its commit, so a reader
     * sees the old or the new state, never an uncommitted one.
     */
    private final Map<String, ConcurrentSkipListMap<String, Object>> cache;

    private StateStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
        try {
            this.cache = load(db, file);
        } catch (StoreException e) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // The unreadable state is what the caller reports.
            }
            throw e;
        }
    }

    /** Opens (creating if needed) {@code dir/state.db}. */
    public static StateStore open(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        requireDirectory(dir, file);
        try {
            Files.createDirectories(dir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                // WAL: readers (netplugin status) never block the serving plugin; FULL: fsync per commit.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, id TEXT NOT NULL, "
                        + "json TEXT NOT NULL, PRIMARY KEY (kind, id))");
            }
            return new StateStore(file, c);
        } catch (java.io.IOException | SQLException e) {
            throw new StoreException("cannot open state store " + file, e);
        }
    }

    /**
     * Opens an existing {@code dir/state.db} for reading, creating and changing nothing (for {@code status},
     * which must not make a store on a host where the plugin never ran). Every write on it fails.
     *
     * @throws MissingStoreException when there is no {@code state.db} in {@code dir} (or no {@code dir})
     * @throws StoreException when it cannot be read: not a directory, not a SQLite file, not a store
     */
    public static StateStore openReadOnly(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        requireDirectory(dir, file);
        if (Files.isDirectory(file)) {
            throw new StoreException("cannot open state store " + file + ": it is a directory, not a SQLite file");
        }
        if (!Files.exists(file)) {
            throw new MissingStoreException(file);
        }
        // A read-only connection to a WAL database makes the -wal and -shm files when they are absent and
        // leaves them behind. They are absent only when no process has the store open (the last close
        // checkpoints into state.db and deletes them), so then state.db alone is the state and is read as
        // immutable: no lock, no side file. When they exist the plugin may be writing: a plain read-only
        // connection reads its committed transactions through them.
        boolean walPresent = Files.exists(dir.resolve(FILE_NAME + "-wal"));
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try {
            Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri()
                    + (walPresent ? "" : "?immutable=1"));
            return new StateStore(file, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open state store " + file, e);
        }
    }

    /** Files.createDirectories would only say "FileAlreadyExistsException", and SQLite "cannot open". */
    private static void requireDirectory(Path dir, Path file) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StoreException("cannot open state store " + file + ": " + dir + " is not a directory");
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void putNetwork(NetworkState n) {
        put(NETWORK, n.id(), n);
    }

    public synchronized void removeNetwork(String id) {
        remove(NETWORK, id);
    }

    public Optional<NetworkState> network(String id) {
        return get(NETWORK, id, NetworkState.class);
    }

    public List<NetworkState> networks() {
        return list(NETWORK, NetworkState.class);
    }

    /** Endpoint writes skip the fsync: see {@link #withoutFsync}. */
    public synchronized void putEndpoint(EndpointState e) {
        withoutFsync(() -> put(ENDPOINT, e.id(), e));
    }

    /**
     * Writes several endpoints in one transaction (group commit: the CreateEndpoint and Join calls that
     * queued behind the driver lock); all or none are stored. Without fsync, as {@link #putEndpoint}.
     */
    public synchronized void putEndpoints(List<EndpointState> endpoints) {
        if (endpoints.isEmpty()) {
            return;
        }
        withoutFsync(() -> {
            try {
                db.setAutoCommit(false);
                try (PreparedStatement s = db.prepareStatement(
                        "INSERT OR REPLACE INTO objects(kind,id,json) VALUES(?,?,?)")) {
                    for (EndpointState e : endpoints) {
                        s.setString(1, ENDPOINT);
                        s.setString(2, e.id());
                        s.setString(3, JSON.writeValueAsString(e));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                db.commit();
                for (EndpointState e : endpoints) {
                    cache.get(ENDPOINT).put(e.id(), e);
                }
            } catch (SQLException | java.io.IOException e) {
                rollback();
                throw new StoreException("cannot write " + endpoints.size() + " endpoints to " + file, e);
            } finally {
                autoCommit();
            }
            CrashPoints.afterStore();
        });
    }

    public synchronized void removeEndpoint(String id) {
        withoutFsync(() -> remove(ENDPOINT, id));
    }

    /**
     * Runs one endpoint write with {@code synchronous=NORMAL}. In WAL mode that commit is still atomic and
     * survives kill -9 (the WAL write is in the OS page cache; only a power loss can roll it back, never tear
     * it), but it skips the fsync, which measured here p50 6 ms, p90 31 ms, max 71 ms on a busy disk and
     * sat inside the driver lock of every CreateEndpoint, Join, Leave and DeleteEndpoint. Endpoints are
     * what a power loss may forget harmlessly: after a reboot the kernel's veths are gone and dockerd,
     * restarting, deletes its stale endpoints (libnetwork ignores "unknown endpoint") and creates new ones.
     * Networks, pools and addresses, which dockerd never replays, keep {@code synchronous=FULL}; their next
     * fsync also makes every earlier endpoint write durable (the WAL is written in order).
     */
    private void withoutFsync(Runnable write) {
        pragma("PRAGMA synchronous=NORMAL");
        try {
            write.run();
        } finally {
            pragma("PRAGMA synchronous=FULL");
        }
    }

    private void pragma(String sql) {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("cannot set " + sql + " on " + file, e);
        }
    }

    public Optional<EndpointState> endpoint(String id) {
        return get(ENDPOINT, id, EndpointState.class);
    }

    public List<EndpointState> endpoints() {
        return list(ENDPOINT, EndpointState.class);
    }

    public synchronized void putPool(PoolState p) {
        put(POOL, p.id(), p);
    }

    /** Removes the pool and every address allocated from it, in one transaction. */
    public synchronized void removePool(String id) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement a = db.prepareStatement("DELETE FROM objects WHERE kind=? AND id=?");
                 PreparedStatement b = db.prepareStatement("DELETE FROM objects WHERE kind=? AND id LIKE ?")) {
                a.setString(1, POOL);
                a.setString(2, id);
                a.executeUpdate();
                b.setString(1, ADDRESS);
                b.setString(2, id.replace("%", "\\%") + "|%");
                b.executeUpdate();
            }
            db.commit();
            cache.get(POOL).remove(id);
            cache.get(ADDRESS).keySet().removeIf(k -> k.startsWith(id + "|"));
            CrashPoints.afterStore();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot remove pool " + id, e);
        } finally {
            autoCommit();
        }
    }

    public List<PoolState> pools() {
        return list(POOL, PoolState.class);
    }

    /** Records an allocated address of a pool; false if it was already allocated. */
    public synchronized boolean addAddress(String poolId, String address) {
        try (PreparedStatement s = db.prepareStatement("INSERT OR IGNORE INTO objects(kind,id,json) VALUES(?,?,?)")) {
            s.setString(1, ADDRESS);
            s.setString(2, poolId + "|" + address);
            s.setString(3, JSON.writeValueAsString(address));
            boolean added = s.executeUpdate() == 1;
            if (added) {
                cache.get(ADDRESS).put(poolId + "|" + address, address);
            }
            CrashPoints.afterStore();
            return added;
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot record address " + address + " of pool " + poolId, e);
        }
    }

    public synchronized void removeAddress(String poolId, String address) {
        remove(ADDRESS, poolId + "|" + address);
    }

    /** The allocated addresses of a pool. */
    public List<String> addresses(String poolId) {
        List<String> out = new ArrayList<>();
        for (String key : ids(ADDRESS)) {
            if (key.startsWith(poolId + "|")) {
                out.add(key.substring(poolId.length() + 1));
            }
        }
        return out;
    }

    private void put(String kind, String id, Object value) {
        try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO objects(kind,id,json) VALUES(?,?,?)")) {
            s.setString(1, kind);
            s.setString(2, id);
            s.setString(3, JSON.writeValueAsString(value));
            s.executeUpdate();
            cache.get(kind).put(id, value);
            CrashPoints.afterStore();
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot write " + kind + " " + id + " to " + file, e);
        }
    }

    private void remove(String kind, String id) {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM objects WHERE kind=? AND id=?")) {
            s.setString(1, kind);
            s.setString(2, id);
            s.executeUpdate();
            cache.get(kind).remove(id);
            CrashPoints.afterStore();
        } catch (SQLException e) {
            throw new StoreException("cannot remove " + kind + " " + id + " from " + file, e);
        }
    }

    private <T> Optional<T> get(String kind, String id, Class<T> type) {
        return Optional.ofNullable(type.cast(cache.get(kind).get(id)));
    }

    private <T> List<T> list(String kind, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : cache.get(kind).values()) {
            out.add(type.cast(o));
        }
        return out;
    }

    private List<String> ids(String kind) {
        return new ArrayList<>(cache.get(kind).keySet());
    }

    /** Every row, read once at open into {@link #cache}. */
    private static Map<String, ConcurrentSkipListMap<String, Object>> load(Connection c, Path file) {
        Map<String, ConcurrentSkipListMap<String, Object>> out = new HashMap<>();
        Map<String, Class<?>> types = Map.of(NETWORK, NetworkState.class, ENDPOINT, EndpointState.class,
                POOL, PoolState.class, ADDRESS, String.class);
        for (String kind : types.keySet()) {
            out.put(kind, new ConcurrentSkipListMap<>());
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT kind, id, json FROM objects")) {
            while (r.next()) {
                Class<?> type = types.get(r.getString(1));
                if (type != null) {
                    out.get(r.getString(1)).put(r.getString(2), JSON.readValue(r.getString(3), type));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot read the state in " + file, e);
        }
        return out;
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // The original failure is what the caller reports.
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StoreException("cannot reset autocommit on " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + file, e);
        }
    }
}
