package io.bridgelab.netfilter.packet;

/**
 * What the kernel knows about a packet besides its bytes: the interfaces it came in on and goes out of
 * ({@code -i}/{@code -o}; for bridged frames these name the bridge), the bridge ports ({@code -m physdev}),
 * and the packet mark. Null interface names mean "none" (e.g. no input interface in OUTPUT).
 */
public record Metadata(String inInterface, String outInterface, String physIn, String physOut, int mark) {
    public static final Metadata NONE = new Metadata(null, null, null, null, 0);

    // Each wither hands back this very value when nothing changes: the stages set the interfaces at every hook,
    // mostly to what they already are, and an unchanged metadata lets Packet.withMetadata keep the packet too.

    public Metadata withInInterface(String name) {
        if (this == NONE && name != null) {
            return Interned.in(name);
        }
        return java.util.Objects.equals(name, inInterface) ? this
                : new Metadata(name, outInterface, physIn, physOut, mark);
    }

    public Metadata withOutInterface(String name) {
        if (this == NONE && name != null) {
            return Interned.out(name);
        }
        return java.util.Objects.equals(name, outInterface) ? this
                : new Metadata(inInterface, name, physIn, physOut, mark);
    }

    /**
     * The metadata of a packet that just arrived on, or is about to leave by, one interface ({@code NONE} with one
     * name set): every received and every sent packet starts from one of these, and a network has a handful of
     * interface names, so recently made values are handed out again. Direct-mapped by the name's hash; racy by
     * design and safe, as the pcap decoder's address cache: a slot holds an immutable value and a reference write
     * is atomic, so a thread sees a matching value or makes a fresh one (an equal value either way).
     */
    private static final class Interned {
        private static final int SLOTS = 64;
        private static final Metadata[] IN = new Metadata[SLOTS];
        private static final Metadata[] OUT = new Metadata[SLOTS];

        static Metadata in(String name) {
            int slot = name.hashCode() & (SLOTS - 1);
            Metadata m = IN[slot];
            if (m == null || !name.equals(m.inInterface)) {
                m = new Metadata(name, null, null, null, 0);
                IN[slot] = m;
            }
            return m;
        }

        static Metadata out(String name) {
            int slot = name.hashCode() & (SLOTS - 1);
            Metadata m = OUT[slot];
            if (m == null || !name.equals(m.outInterface)) {
                m = new Metadata(null, name, null, null, 0);
                OUT[slot] = m;
            }
            return m;
        }
    }

    public Metadata withBridgePorts(String in, String out) {
        return java.util.Objects.equals(in, physIn) && java.util.Objects.equals(out, physOut) ? this
                : new Metadata(inInterface, outInterface, in, out, mark);
    }

    public Metadata withMark(int newMark) {
        return newMark == mark ? this : new Metadata(inInterface, outInterface, physIn, physOut, newMark);
    }
}
