package io.bridgelab.netfilter.collect;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ProbingMap} answers every call as a {@code HashMap} given the same calls does: puts, gets, removals
 * (plain and only-if-mapped-to), through growth and backward-shift deletions, with keys whose hashes collide a lot
 * (long probe runs that wrap around the table's end).
 */
class ProbingMapProperties {

    /** A key with a chosen hash, so that many keys share a home slot. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id;
        }
    }

    @Property(tries = 1000)
    void answersAsAHashMap(@ForAll @Size(max = 400) List<@IntRange(max = 0xffff) Integer> ops,
                           @ForAll @IntRange(min = 1, max = 64) int keys,
                           @ForAll @IntRange(min = 1, max = 8) int hashes) {
        ProbingMap<Key, String> probing = new ProbingMap<>();
        Map<Key, String> reference = new HashMap<>();
        for (int op : ops) {
            int id = (op >>> 3) % keys;
            // Few distinct hashes, some of them far apart, so that runs collide and wrap.
            Key key = new Key(id, (id % hashes) * 0x61c88647 + (id % 2 == 0 ? 0 : -1));
            applyToBoth(op, probing, key, reference, key);
        }
        for (int id = 0; id < keys; id++) {
            Key key = new Key(id, (id % hashes) * 0x61c88647 + (id % 2 == 0 ? 0 : -1));
            assertThat(probing.get(key)).isEqualTo(reference.get(key));
        }
        assertThat(probing.get(null)).isNull();
    }

    /**
     * With an {@link ProbingMap.Equivalence}, the map answers as a {@code HashMap} keyed by the equivalence class:
     * keys of one class are one key, whichever object of it was put or asked (as the NAT by-source table keys a
     * connection by its tuple's source half).
     */
    @Property(tries = 500)
    void withAnEquivalenceAnswersAsAHashMapOfItsClasses(
            @ForAll @Size(max = 300) List<@IntRange(max = 0xffff) Integer> ops,
            @ForAll @IntRange(min = 1, max = 16) int classes,
            @ForAll @IntRange(min = 1, max = 4) int hashes) {
        ProbingMap.Equivalence<Key> byClass = new ProbingMap.Equivalence<>() {
            @Override
            public int hash(Key key) {
                return key.id() % classes % hashes;
            }

            @Override
            public boolean same(Key stored, Key asked) {
                return stored.id() % classes == asked.id() % classes;
            }
        };
        ProbingMap<Key, String> probing = new ProbingMap<>(byClass);
        Map<Integer, String> reference = new HashMap<>();
        for (int op : ops) {
            // Several objects per class: the id varies beyond the class, and the record's own hash is ignored.
            Key key = new Key(op >>> 3, op);
            applyToBoth(op, probing, key, reference, key.id() % classes);
        }
        for (int cls = 0; cls < classes; cls++) {
            assertThat(probing.get(new Key(cls + classes * 7, 0))).isEqualTo(reference.get(cls));
        }
    }

    /**
     * Makes the call {@code op} picks on both maps (put, remove, remove only if mapped to a given value, containsKey or
     * get), {@code key} on the probing map and {@code referenceKey} on the reference, and requires equal answers and
     * sizes.
     */
    private static <R> void applyToBoth(int op, ProbingMap<Key, String> probing, Key key, Map<R, String> reference,
                                        R referenceKey) {
        String value = "v" + (op % 5);
        switch (op & 7) {
            case 0, 1, 2 -> assertThat(probing.put(key, value)).isEqualTo(reference.put(referenceKey, value));
            case 3 -> assertThat(probing.remove(key)).isEqualTo(reference.remove(referenceKey));
            case 4 -> {
                // Only if mapped to that very object, as the NAT by-source table removes a connection.
                String held = reference.get(referenceKey);
                String asked = op % 2 == 0 && held != null ? held : "other";
                boolean removed = probing.remove(key, asked);
                assertThat(removed).isEqualTo(held != null && held == asked);
                if (removed) {
                    reference.remove(referenceKey);
                }
            }
            case 5 -> assertThat(probing.containsKey(key)).isEqualTo(reference.containsKey(referenceKey));
            default -> assertThat(probing.get(key)).isEqualTo(reference.get(referenceKey));
        }
        assertThat(probing.size()).isEqualTo(reference.size());
    }
}
