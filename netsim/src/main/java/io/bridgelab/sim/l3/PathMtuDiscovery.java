package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.TraceStep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Path MTU discovery of a node's TCP connection: what an ICMP fragmentation needed about one of its segments does
 * (tcp_v4_err). The node learns the path MTU ({@link NodeRuntime#learnMtu}); when it is below the one the connection's
 * MSS was made of (icsk_pmtu_cookie), the connection takes the smaller MSS and sends the unacknowledged segments now
 * too big again (tcp_v4_mtu_reduced, tcp_simple_retransmit). Measured on Linux 6.18 (KernelPathMtuTest): they go as one
 * run of bytes cut to the new MSS, what is left of one collapsed into the next (tcp_retrans_try_collapse), the run's
 * last piece with PSH: 1448 + 1448 lost, sent again as 1348 + 1348 + 200.
 */
final class PathMtuDiscovery {
    private PathMtuDiscovery() {
    }

    /** Acts on "fragmentation needed, next-hop MTU {@code mtu}" for {@code c}; returns what it did, for the trace. */
    static String fragmentationNeeded(Engine e, NodeRuntime n, TcpConnection c, int mtu) {
        int before = c.pathMtu > 0 ? c.pathMtu : n.mtuTo(c.remoteAddress);
        n.learnMtu(c.remoteAddress, mtu);
        int now = n.mtuTo(c.remoteAddress);
        if (now >= before) {
            return "path MTU already " + before + ": nothing to send again";
        }
        c.pathMtu = now;
        int mss = TcpStack.sendMss(n, c);
        List<TcpConnection.Sent> kept = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        long runStart = -1;
        int tooBig = 0;
        for (TcpConnection.Sent sent : c.unacked()) {
            if (sent.data().length() > mss && (runStart < 0 || runStart + run.length() == sent.sequence())) {
                runStart = runStart < 0 ? sent.sequence() : runStart;
                run.append(sent.data());
                tooBig++;
            } else {
                kept.add(sent);
            }
        }
        List<TcpConnection.Sent> again = new ArrayList<>();
        for (int at = 0; at < run.length(); at += mss) {
            boolean last = at + mss >= run.length();
            again.add(new TcpConnection.Sent(runStart + at, run.substring(at, Math.min(run.length(), at + mss)),
                    last ? TcpFlags.PSH | TcpFlags.ACK : TcpFlags.ACK));
        }
        kept.addAll(again);
        kept.sort(Comparator.comparingLong(TcpConnection.Sent::sequence));
        c.unacked(kept);
        if (again.isEmpty()) {
            return "path MTU lowered to " + now + " (MSS " + mss + "); no unacknowledged segment is bigger";
        }
        e.segmented(2 * again.size());
        String by = TraceStep.Generated.RETRANSMISSION + " for path MTU " + now + ")";
        // After the ICMP error's own step: the kernel sends them from the error's handler.
        e.events().after(0, () -> {
            for (TcpConnection.Sent piece : again) {
                TcpStack.send(e, n, c, piece.sequence(), c.receiveNext, piece.flags(), piece.data(), by);
            }
        });
        return "path MTU lowered to " + now + " (MSS " + mss + "): the kernel sends the " + tooBig + " unacknowledged"
                + (tooBig == 1 ? " segment" : " segments") + " too big for it again, in " + again.size() + " pieces"
                + " (tcp_v4_mtu_reduced, tcp_simple_retransmit)";
    }
}
