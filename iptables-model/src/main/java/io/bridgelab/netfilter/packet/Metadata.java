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
        return java.util.Objects.equals(name, inInterface) ? this
                : new Metadata(name, outInterface, physIn, physOut, mark);
    }

    public Metadata withOutInterface(String name) {
        return java.util.Objects.equals(name, outInterface) ? this
                : new Metadata(inInterface, name, physIn, physOut, mark);
    }

    public Metadata withBridgePorts(String in, String out) {
        return java.util.Objects.equals(in, physIn) && java.util.Objects.equals(out, physOut) ? this
                : new Metadata(inInterface, outInterface, in, out, mark);
    }

    public Metadata withMark(int newMark) {
        return newMark == mark ? this : new Metadata(inInterface, outInterface, physIn, physOut, newMark);
    }
}
