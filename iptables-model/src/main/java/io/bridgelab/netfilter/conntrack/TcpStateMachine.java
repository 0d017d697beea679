package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.TcpFlags;

/**
 * The kernel's TCP conntrack transition table ({@code tcp_conntracks} in nf_conntrack_proto_tcp.c),
 * without the sequence-window tracking ({@code tcp_in_window}), which this model does not do.
 */
final class TcpStateMachine {
    /** Outcome of one segment: a new state, "ignore" (no change, no refresh) or "invalid". */
    enum Kind { MOVE, IGNORE, INVALID }

    record Step(Kind kind, TcpState next) {
    }

    private static final int SYN = 0;
    private static final int SYNACK = 1;
    private static final int FIN = 2;
    private static final int ACK = 3;
    private static final int RST = 4;
    private static final int NONE = 5;

    private static final TcpState NO = TcpState.NONE;
    private static final TcpState SS = TcpState.SYN_SENT;
    private static final TcpState SR = TcpState.SYN_RECV;
    private static final TcpState ES = TcpState.ESTABLISHED;
    private static final TcpState FW = TcpState.FIN_WAIT;
    private static final TcpState CW = TcpState.CLOSE_WAIT;
    private static final TcpState LA = TcpState.LAST_ACK;
    private static final TcpState TW = TcpState.TIME_WAIT;
    private static final TcpState CL = TcpState.CLOSE;
    private static final TcpState S2 = TcpState.SYN_SENT2;
    /** Marker for "invalid" (sIV). */
    private static final TcpState IV = null;
    /** Marker for "ignore" (sIG): NONE never appears as a target state otherwise. */
    private static final TcpState IG = TcpState.NONE;

    // [direction][flag index][old state], columns in TcpState order: NO SS SR ES FW CW LA TW CL S2
    private static final TcpState[][][] TABLE = {
        {
            /* syn    */ {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},
            /* synack */ {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
            /* ack    */ {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
            /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
        },
        {
            /* syn    */ {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},
            /* synack */ {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
            /* ack    */ {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
            /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
        },
    };

    private TcpStateMachine() {
    }

    /** The kernel's {@code get_conntrack_index}: RST beats SYN beats FIN beats ACK. */
    static int index(int flags) {
        if ((flags & TcpFlags.RST) != 0) {
            return RST;
        }
        if ((flags & TcpFlags.SYN) != 0) {
            return (flags & TcpFlags.ACK) != 0 ? SYNACK : SYN;
        }
        if ((flags & TcpFlags.FIN) != 0) {
            return FIN;
        }
        return (flags & TcpFlags.ACK) != 0 ? ACK : NONE;
    }

    static boolean isRst(int flags) {
        return index(flags) == RST;
    }

    static Step step(TcpState old, Direction direction, int flags) {
        TcpState next = TABLE[direction.ordinal()][index(flags)][old.ordinal()];
        if (next == IV) {
            return new Step(Kind.INVALID, null);
        }
        if (next == IG) {
            return new Step(Kind.IGNORE, old);
        }
        return new Step(Kind.MOVE, next);
    }

    /**
     * The flag combinations the kernel accepts at all ({@code tcp_valid_flags}; ECE, CWR and PSH are
     * ignored); others (SYN+FIN, no flags, a bare FIN...) make the packet INVALID.
     */
    static boolean validFlags(int flags) {
        int f = flags & (TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK | TcpFlags.URG);
        int syn = TcpFlags.SYN;
        int ack = TcpFlags.ACK;
        int urg = TcpFlags.URG;
        return f == syn || f == (syn | urg) || f == (syn | ack) || f == TcpFlags.RST || f == (TcpFlags.RST | ack)
                || f == (TcpFlags.FIN | ack) || f == (TcpFlags.FIN | ack | urg) || f == ack || f == (ack | urg);
    }
}
