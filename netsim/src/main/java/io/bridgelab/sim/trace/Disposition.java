package io.bridgelab.sim.trace;

/** How the traced exchange ended as a whole. */
public record Disposition(Kind kind, String detail) {
    public enum Kind { DELIVERED, REFUSED, DROPPED, INCOMPLETE }

    public String text() {
        return switch (kind) {
            case DELIVERED -> "delivered";
            case REFUSED -> "refused";
            case DROPPED -> "dropped";
            case INCOMPLETE -> "incomplete";
        };
    }
}
