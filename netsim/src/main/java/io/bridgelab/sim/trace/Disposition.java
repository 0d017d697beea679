package io.bridgelab.sim.trace;

/**
 * How the traced exchange ended as a whole; for a replayed capture also how its traced packets ended, counted
 * ({@code counts}, null for an exchange).
 */
public record Disposition(Kind kind, String detail, Counts counts) {
    public enum Kind { DELIVERED, REFUSED, DROPPED, INCOMPLETE }

    /**
     * A replayed capture's packets: the traced ones by how each ended ({@code lost}: every host ignored it, or it
     * waits: for ARP, for the rest of its datagram), and how many ran untraced before and after the window.
     */
    public record Counts(int traced, int delivered, int dropped, int refused, int lost, int untracedBefore,
                         int untracedAfter) {
    }

    /** An exchange's disposition (no counts). */
    public Disposition(Kind kind, String detail) {
        this(kind, detail, null);
    }

    public String text() {
        return switch (kind) {
            case DELIVERED -> "delivered";
            case REFUSED -> "refused";
            case DROPPED -> "dropped";
            case INCOMPLETE -> "incomplete";
        };
    }
}
