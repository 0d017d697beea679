package io.bridgelab.netfilter.packet;

/**
 * What the kernel knows about a packet besides its bytes: the interfaces it came in on and goes out of
 * ({@code -i}/{@code -o}; for bridged frames these name the bridge), the bridge ports ({@code -m physdev}),
 * the packet mark, and for a datagram reassembled from fragments the largest fragment's length
 * ({@code fragMaxSize}, the kernel's {@code IPCB(skb)->frag_max_size}: ip_fragment cuts it again no bigger; 0 for
 * any other packet). Null interface names mean "none" (e.g. no input interface in OUTPUT).
 */
public record Metadata(String inInterface, String outInterface, String physIn, String physOut, int mark,
                       int fragMaxSize) {
    public static final Metadata NONE = new Metadata(null, null, null, null, 0, 0);

    /** Metadata of a packet that was not reassembled. */
    public Metadata(String inInterface, String outInterface, String physIn, String physOut, int mark) {
        this(inInterface, outInterface, physIn, physOut, mark, 0);
    }

    // Each wither hands back this very value when nothing changes: the stages set the interfaces at every hook,
    // mostly to what they already are, and an unchanged metadata lets Packet.withMetadata keep the packet too.
    // A changed value is one of the recently made ones (Interned) when it equals one.

    public Metadata withInInterface(String name) {
        return java.util.Objects.equals(name, inInterface) ? this
                : Interned.of(name, outInterface, physIn, physOut, mark, fragMaxSize);
    }

    public Metadata withOutInterface(String name) {
        return java.util.Objects.equals(name, outInterface) ? this
                : Interned.of(inInterface, name, physIn, physOut, mark, fragMaxSize);
    }

    public Metadata withBridgePorts(String in, String out) {
        return java.util.Objects.equals(in, physIn) && java.util.Objects.equals(out, physOut) ? this
                : Interned.of(inInterface, outInterface, in, out, mark, fragMaxSize);
    }

    /**
     * The metadata a stage sets on a packet it receives, forwards, bridges or sends: one of a few recently made
     * values when one is equal, else a new one. A network has a handful of interface names, so the combinations the
     * stages set (the input interface; input and output; the bridge and its ports) repeat for every packet; before,
     * a received packet's metadata and a forwarded or bridged one's were made anew at every hop. Direct-mapped by
     * the fields' identity hash; racy by design and safe, as the pcap decoder's address cache: a slot holds an immutable
     * value and a reference write is atomic, so a thread sees a matching value or makes a fresh one (an equal
     * value either way).
     */
    private static final class Interned {
        private static final int SLOTS = 256;
        private static final Metadata[] VALUES = new Metadata[SLOTS];

        static Metadata of(String in, String out, String physIn, String physOut, int mark, int fragMaxSize) {
            if (fragMaxSize != 0) {
                return new Metadata(in, out, physIn, physOut, mark, fragMaxSize); // rare: not worth a slot
            }
            int h = ((hash(in) * 31 + hash(out)) * 31 + hash(physIn)) * 31 + hash(physOut) + mark;
            int slot = (h ^ h >>> 16) & (SLOTS - 1);
            Metadata m = VALUES[slot];
            if (m == null || m.mark != mark || !same(m.inInterface, in) || !same(m.outInterface, out)
                    || !same(m.physIn, physIn) || !same(m.physOut, physOut)) {
                m = new Metadata(in, out, physIn, physOut, mark);
                VALUES[slot] = m;
            }
            return m;
        }

        /**
         * By identity: the stages set names that are the world's own String objects, so equal names are mostly the
         * same object, and the identity hash is a read of the object's header where a String's hash reads its
         * fields. An equal name of another object only lands in another slot (a miss, an equal value made).
         */
        private static int hash(String s) {
            return System.identityHashCode(s);
        }

        private static boolean same(String a, String b) {
            return a == b || a != null && a.equals(b);
        }
    }

    public Metadata withMark(int newMark) {
        return newMark == mark ? this : new Metadata(inInterface, outInterface, physIn, physOut, newMark, fragMaxSize);
    }

    /** The same with {@code frag_max_size} set: the packet is a datagram reassembled from fragments of that size. */
    public Metadata withFragMaxSize(int size) {
        return size == fragMaxSize ? this : new Metadata(inInterface, outInterface, physIn, physOut, mark, size);
    }
}
