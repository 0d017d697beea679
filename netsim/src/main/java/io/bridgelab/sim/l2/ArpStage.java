package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.NetInterface;

/**
 * The kernel's ARP receive path (arp_process) with the default {@code arp_ignore=0}: answer a request
 * for any address of this node on whatever interface it came in, remember the asker, and take a
 * reply only for an address we asked about (then send what waited for it).
 */
public final class ArpStage {
    private final Engine engine;

    public ArpStage(Engine engine) {
        this.engine = engine;
    }

    public void receive(NodeRuntime n, NetInterface iface, ArpMessage arp, int trace) {
        NeighbourTable neighbours = n.neighbours();
        boolean forUs = n.node().ownsAddress(arp.targetIp());
        if (arp.operation() == ArpMessage.REQUEST) {
            if (!forUs) {
                engine.step(trace, new TraceStep.Ignored(n.name(), iface.name(), "ARP who-has " + arp.targetIp()
                        + ": not an address of " + n.name()));
                return;
            }
            // The asker will talk to us next: the kernel creates its entry now (neigh_event_ns).
            boolean wasWaiting = neighbours.known(iface.name(), arp.senderIp())
                    && neighbours.lookup(iface.name(), arp.senderIp()) == null;
            neighbours.learn(iface.name(), arp.senderIp(), arp.senderMac());
            engine.step(trace, new TraceStep.ArpAnswered(n.name(), iface.name(), arp.targetIp().toString(),
                    iface.mac().toString()));
            Packet reply = new Packet(new Ethernet(arp.senderMac(), iface.mac(), Ethernet.TYPE_ARP),
                    ArpMessage.reply(iface.mac(), arp.targetIp(), arp.senderMac(), arp.senderIp()));
            engine.transmit(n, iface, reply, trace);
            if (wasWaiting) {
                release(n, iface, arp, trace);
            }
            return;
        }
        if (arp.operation() == ArpMessage.REPLY && neighbours.known(iface.name(), arp.senderIp())) {
            neighbours.put(iface.name(), arp.senderIp(), arp.senderMac());
            engine.step(trace, new TraceStep.ArpResolved(n.name(), iface.name(), arp.senderIp().toString(),
                    arp.senderMac().toString(), false));
            release(n, iface, arp, trace);
            return;
        }
        engine.step(trace, new TraceStep.Ignored(n.name(), iface.name(), "ARP "
                + (arp.operation() == ArpMessage.REPLY ? "reply nobody asked for" : "operation " + arp.operation())));
    }

    private void release(NodeRuntime n, NetInterface iface, ArpMessage arp, int trace) {
        for (NeighbourTable.Pending p : n.neighbours().takeWaiting(iface.name(), arp.senderIp())) {
            n.neighbours().used(iface.name(), arp.senderIp());
            if (p.release() != null) {
                p.release().accept(arp.senderMac());
            } else {
                engine.ipOutput().transmitTo(n, iface, p.packet(), arp.senderMac(), p.trace());
            }
        }
    }
}
