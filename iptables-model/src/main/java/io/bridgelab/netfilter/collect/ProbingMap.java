package io.bridgelab.netfilter.collect;

/**
 * A hash map from keys to values for the tables a simulated kernel keeps per connection (conntrack's tuple to
 * connection and original source to connection, a TCP stack's sockets): open addressing with linear probing, keys
 * and values in two parallel arrays, so that a put makes no entry object (a connection's two tuples and its
 * by-source key were three {@code HashMap} nodes, made and dropped with every short connection a replay tracks)
 * and a lookup follows no node pointer. What it answers is what a {@code HashMap} with the same calls would answer
 * (keys by {@code equals}, nulls not allowed); it has no iteration, which none of its users needs, so its order
 * cannot leak into any output. Not thread-safe.
 *
 * <p>Keys are compared by their own {@code equals} and {@code hashCode}, or by an {@link Equivalence} given at
 * construction: the NAT by-source table keys each connection by its original tuple's source half alone, and a TCP
 * stack its sockets by their address pair, so the object the table holds anyway is its own key and no key object
 * is made per connection.
 */
public final class ProbingMap<K, V> {
    /** Grown when more than this share of the slots is used, so that probe sequences stay short. */
    private static final float MAX_LOAD = 0.6f;

    /** How a map hashes and compares its keys: keys that are the same must hash the same. */
    public interface Equivalence<K> {
        int hash(K key);

        /** Whether {@code stored} and {@code asked} are the same key; called with both non-null. */
        boolean same(K stored, K asked);
    }

    /** The keys' own {@code hashCode} and {@code equals}. */
    private static final Equivalence<Object> NATURAL = new Equivalence<>() {
        @Override
        public int hash(Object key) {
            return key.hashCode();
        }

        @Override
        public boolean same(Object stored, Object asked) {
            return stored.equals(asked);
        }
    };

    private final Equivalence<? super K> equivalence;

    private Object[] keys = new Object[16];
    private Object[] values = new Object[16];
    /** 32 minus log2 of the capacity: a slot is the top bits of the spread hash. */
    private int shift = 28;
    private int size;

    /** A map comparing keys by their own {@code equals} and {@code hashCode}. */
    public ProbingMap() {
        this(NATURAL);
    }

    public ProbingMap(Equivalence<? super K> equivalence) {
        this.equivalence = equivalence;
    }

    public int size() {
        return size;
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(K key) {
        if (key == null) {
            return null;
        }
        Object[] ks = keys;
        int mask = ks.length - 1;
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object k = ks[i];
            if (k == null) {
                return null;
            }
            if (k == key || equivalence.same((K) k, key)) {
                return (V) values[i];
            }
        }
    }

    /** The values, in no particular order (the table's). */
    @SuppressWarnings("unchecked")
    public java.util.List<V> values() {
        java.util.List<V> out = new java.util.ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                out.add((V) values[i]);
            }
        }
        return out;
    }

    public boolean containsKey(K key) {
        return get(key) != null;
    }

    /** Maps {@code key} to {@code value} (neither null); returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException("no null keys or values");
        }
        if (size + 1 > keys.length * MAX_LOAD) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key);
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (equivalence.same((K) keys[i], key)) {
                // The new key takes the old one's place: an equivalent key may be another object (the by-source
                // table's is a connection's own tuple), which the map should not keep alive after its connection.
                keys[i] = key;
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return null;
    }

    /** Removes {@code key}'s mapping; returns its value, or null when there was none. */
    @SuppressWarnings("unchecked")
    public V remove(K key) {
        int mask = keys.length - 1;
        for (int i = slot(key); keys[i] != null; i = (i + 1) & mask) {
            if (equivalence.same((K) keys[i], key)) {
                V old = (V) values[i];
                delete(i);
                return old;
            }
        }
        return null;
    }

    /** Removes {@code key}'s mapping only if it maps to {@code value} (the same object); whether it did. */
    @SuppressWarnings("unchecked")
    public boolean remove(K key, V value) {
        int mask = keys.length - 1;
        for (int i = slot(key); keys[i] != null; i = (i + 1) & mask) {
            if (equivalence.same((K) keys[i], key)) {
                if (values[i] != value) {
                    return false;
                }
                delete(i);
                return true;
            }
        }
        return false;
    }

    /**
     * Empties slot {@code i} and moves back the entries after it that probed past it (backward-shift deletion), so
     * that every key stays reachable from its home slot without tombstones.
     */
    private void delete(int i) {
        Object[] ks = keys;
        Object[] vs = values;
        int mask = ks.length - 1;
        int hole = i;
        for (int j = (i + 1) & mask; ks[j] != null; j = (j + 1) & mask) {
            int home = slot(ks[j]);
            // The entry at j may fill the hole if its home is not cyclically within (hole, j].
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                ks[hole] = ks[j];
                vs[hole] = vs[j];
                hole = j;
            }
        }
        ks[hole] = null;
        vs[hole] = null;
        size--;
    }

    private void grow() {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new Object[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        shift--;
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            Object key = oldKeys[k];
            if (key != null) {
                int i = slot(key);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                values[i] = oldValues[k];
            }
        }
    }

    /**
     * The home slot: the top bits of the key's hash times the golden ratio (Fibonacci hashing), which spreads
     * hashes that differ mostly in their low bits, as a tuple's do, over the whole table.
     */
    @SuppressWarnings("unchecked")
    private int slot(Object key) {
        return (equivalence.hash((K) key) * 0x9E3779B9) >>> shift;
    }
}
