package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.sim.l2.ArpStage;
import io.bridgelab.sim.l2.BridgeStage;
import io.bridgelab.sim.l3.IpInput;
import io.bridgelab.sim.l3.IpOutput;
import io.bridgelab.sim.l3.RejectAnswer;
import io.bridgelab.sim.trace.PacketSummary;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a world: frames travel as events on the simulated clock, and each one goes through the stages
 * a kernel would send it through (link, bridge, ARP, IP input, netfilter, routing, IP output). This
 * class only moves frames between stages and records captures and trace steps; each stage decides.
 */
public final class Engine {
    /** A veth crossing: the kernel hands the skb over within the same CPU, about a microsecond. */
    public static final long VETH_DELAY_NANOS = 1_000;
    /** The outside wire: a LAN round trip's worth. */
    public static final long WIRE_DELAY_NANOS = 100_000;

    private static final java.util.function.Consumer<TraceStep> NO_STEPS = step -> { };

    private final World world;
    private final NetfilterStage netfilter;
    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    private final EventQueue events = new EventQueue();
    private final CaptureTaps captures = new CaptureTaps();
    private final TraceRecorder traces = new TraceRecorder();
    private final BridgeStage bridge = new BridgeStage(this);
    private final ArpStage arp = new ArpStage(this);
    private final IpInput ipInput = new IpInput(this);
    private final IpOutput ipOutput = new IpOutput(this);
    private int packetLimit;
    /** Whether what proxies relay widens {@link #packetLimit} ({@link #widenForRelays}). */
    private boolean widenForRelays;
    private final boolean tracing;
    private int made;
    // emit()'s last node, by the name object it was asked by: a replay emits every frame from the same edge.
    private String lastEmitName;
    private NodeRuntime lastEmitNode;
    private final Map<NetInterface, FarEnd> farEnds = new java.util.IdentityHashMap<>();
    /** {@link #arrive} as the queue's call, made once: a bound method reference is a new object where it is written. */
    private final EventQueue.Call<NodeRuntime, NetInterface, Packet> arrival = this::arrive;
    private HookContext lastContext;
    /** The evaluator when it can run a hook without a result value (no trace is recorded), else null. */
    private EvaluatedNetfilter quiet;
    // What the last pass() passed on: read by the stage that called it before it runs another hook.
    private Packet passedPacket;
    private Object passedConntrack;
    private String dropCause;
    private RejectWith passedReject;
    // The window of packets traced (limitTraces) and how many packets there were so far.
    private int traceFirst = 1;
    private int traceLast = Integer.MAX_VALUE;
    private int opened;

    /** Whether {@code n}'s kernel tracks connections (and so reassembles fragments before PREROUTING). */
    public boolean tracksConnections(NodeRuntime n) {
        return netfilter.tracks(n);
    }

    /**
     * @param packetLimit how many packets the endpoints may make before they stop (the exchange
     *                    followed); ARP frames do not count
     */
    public Engine(World world, NetfilterStage netfilter, int packetLimit) {
        this(world, netfilter, packetLimit, true);
    }

    /**
     * @param tracing false for replays: no trace steps are made (nor the text they carry), only captures
     */
    public Engine(World world, NetfilterStage netfilter, int packetLimit, boolean tracing) {
        this.tracing = tracing;
        this.world = world;
        this.netfilter = netfilter;
        this.packetLimit = packetLimit;
        this.quiet = !tracing && netfilter instanceof EvaluatedNetfilter e ? e : null;
        int seed = 0x1000;
        for (Node n : world.nodes()) {
            nodes.put(n.name(), new NodeRuntime(n, seed));
            seed += 0x1000;
        }
    }

    /**
     * Makes {@code node} an edge whose behaviour comes from a capture (replay): frames reaching it are
     * captured and traced, but its stack does not answer them.
     */
    public void passive(String node) {
        world.node(node);
        nodes.get(node).passive = true;
    }

    public World world() {
        return world;
    }

    public long now() {
        return events.now();
    }

    public EventQueue events() {
        return events;
    }

    public NodeRuntime node(String name) {
        NodeRuntime n = nodes.get(name);
        if (n == null) {
            world.node(name);
        }
        return n;
    }

    public CaptureTaps captures() {
        return captures;
    }

    public List<PacketTrace> traces() {
        return traces.traces();
    }

    /** Records {@code step} of packet {@code trace}; nothing for -1 (not tracing, or a packet past the limit). */
    public void step(int trace, TraceStep step) {
        if (tracing && trace >= 0) {
            traces.add(trace, step);
        }
    }

    /** Starts the trace of a packet the kernel makes by itself (a timer's ARP probe); -1 when not tracing. */
    public int newTrace(String node, Packet packet) {
        return tracing ? openTrace(node, PacketSummary.frame(packet)) : -1;
    }

    /**
     * Traces only {@code packets} packets from packet number {@code first} on (1-based, counting every packet as it
     * is made or replayed: a replayed capture's frames and what the world makes): the others run as in a replay,
     * untraced, so a long capture can be explained in part without keeping the steps of every frame. The window
     * changes nothing the packets do, only what is recorded; the traced packets keep their numbers.
     */
    public void limitTraces(int first, int packets) {
        if (first < 1 || packets < 1) {
            throw new IllegalArgumentException("trace at least one packet from packet 1 on: " + packets + " from "
                    + first);
        }
        traceFirst = first;
        traceLast = (int) Math.min(Integer.MAX_VALUE, (long) first + packets - 1);
    }

    /** How many packets went untraced before {@link #limitTraces}'s window. */
    public int untracedBefore() {
        return Math.min(opened, traceFirst - 1);
    }

    /** How many packets went untraced after {@link #limitTraces}'s window. */
    public int untracedAfter() {
        return Math.max(0, opened - traceLast);
    }

    /** The number of the packet whose trace is {@code trace} (its index), as the trace prints it. */
    public int packetNumber(int trace) {
        return traces.number(trace);
    }

    /** Opens a packet's trace, numbered as the packets are counted, or -1 outside the window. */
    private int openTrace(String origin, String summary) {
        opened++;
        if (opened < traceFirst || opened > traceLast) {
            return -1;
        }
        return traces.open(opened, origin, summary);
    }

    /** Whether steps are recorded; stages may skip building them when not. */
    public boolean tracing() {
        return tracing;
    }

    /** The ARP stage: neighbour resolution and the neighbour timers. */
    public ArpStage arp() {
        return arp;
    }

    public IpOutput ipOutput() {
        return ipOutput;
    }

    public IpInput ipInput() {
        return ipInput;
    }

    /** Runs until nothing is left to do (bounded, so a forwarding loop cannot hang the run). */
    public void run() {
        events.run(1_000_000);
    }

    /**
     * Runs what is due up to {@code nanos} (simulated time) and leaves later events (timers) unrun: a replay
     * ends where the captures it is compared with ended.
     */
    public void runUntil(long nanos) {
        events.runUntil(nanos, 1_000_000);
    }

    /** Runs one netfilter hook in {@code n}, recording its steps under {@code trace}. */
    public HookResult hook(Hook hook, NodeRuntime n, Packet packet, Object conntrack, int trace, boolean bridged) {
        return netfilter.hook(hook, context(n, bridged), packet, conntrack,
                tracing ? step -> step(trace, step) : NO_STEPS);
    }

    /**
     * {@link #hook} without a result value: whether the packet was accepted; the packet that goes on (or was
     * dropped) is then {@link #passedPacket()}, the conntrack view for the packet's next hook
     * {@link #passedConntrack()}, and a drop's cause {@link #dropCause()}, each valid until the next hook runs.
     * A replay (no trace) asks the evaluator for a quiet run and makes no value per hook; with a trace, or
     * another netfilter stage, this is {@code hook} and its result's fields.
     */
    public boolean pass(Hook hook, NodeRuntime n, Packet packet, Object conntrack, int trace, boolean bridged) {
        if (quiet != null) {
            boolean accepted = quiet.hookQuiet(hook, n.node(), n.routes(), now(), packet, conntrack);
            passedPacket = quiet.lastPacket();
            passedConntrack = quiet.lastConntrack();
            passedReject = quiet.lastReject();
            dropCause = accepted ? null : (passedReject != null ? "rejected at " : "dropped at ") + hook;
            return accepted;
        }
        HookResult r = hook(hook, n, packet, conntrack, trace, bridged);
        passedPacket = r.packet();
        passedConntrack = r.conntrack();
        passedReject = r.reject();
        dropCause = r.dropCause();
        return r.accepted();
    }

    /**
     * After {@link #pass} dropped a packet at {@code hook} (INPUT, FORWARD or OUTPUT) in {@code n}: records the drop,
     * and if a REJECT rule dropped it, the kernel's answer leaves {@code n} now (see {@link RejectAnswer}), or the
     * drop says why there is none.
     */
    public void dropped(NodeRuntime n, int trace, Hook hook) {
        dropped(n, trace, hook, null);
    }

    /** @param inPort for a bridged frame (br_netfilter's FORWARD), the bridge port it came in by; else null */
    public void dropped(NodeRuntime n, int trace, Hook hook, NetInterface inPort) {
        String none = passedReject == null ? null : RejectAnswer.noAnswer(n, passedPacket, hook, passedReject,
                now());
        step(trace, new TraceStep.Dropped(n.name(), none == null ? dropCause
                : dropCause + TraceStep.Dropped.NO_ANSWER + none));
        if (passedReject != null && none == null) {
            RejectAnswer.send(this, n, passedPacket, hook, passedReject, passedConntrack, inPort);
        }
    }

    /**
     * The conntrack view of an answer the kernel makes to a packet whose view is {@code conntrack} (what a hook
     * handed on): the same connection, the other direction, RELATED (nf_ct_attach); null when there is none.
     */
    public Object answerView(Object conntrack) {
        return conntrack instanceof Tracked t ? t.answer() : null;
    }

    /** The packet the last {@link #pass} accepted (possibly rewritten) or dropped. */
    public Packet passedPacket() {
        return passedPacket;
    }

    /**
     * What the REJECT rule that dropped the last {@link #pass}'s packet answers with; null when it was accepted or
     * just dropped. {@link #passedConntrack()} is then the view the answer goes out with.
     */
    public RejectWith passedReject() {
        return passedReject;
    }

    /** The conntrack view the last {@link #pass} handed on (null after a drop; after a REJECT, its answer's). */
    public Object passedConntrack() {
        return passedConntrack;
    }

    /** Why the last {@link #pass} dropped its packet. */
    public String dropCause() {
        return dropCause;
    }

    /**
     * Runs hooks through the result-value path ({@link #hook}) even without a trace: for the tests that check
     * the quiet path gives the same run.
     */
    void resultValuesOnly() {
        quiet = null;
    }

    private HookContext context(NodeRuntime n, boolean bridged) {
        HookContext context = lastContext;
        if (context == null || context.node() != n.node() || context.nowNanos() != now()
                || context.bridged() != bridged || context.routes() != n.routes()) {
            // A packet meets its hooks in one namespace at one instant (PREROUTING, FORWARD, POSTROUTING): the
            // context, an immutable value, serves them all.
            context = new HookContext(n.node(), n.routes(), now(), bridged, tracing);
            lastContext = context;
        }
        return context;
    }

    /**
     * A program (or the kernel) in {@code n} makes a new packet of the exchange and sends it. Returns
     * false, sending nothing, once the exchange has as many packets as were asked for.
     */
    public boolean sendLocal(NodeRuntime n, Ipv4Datagram datagram, String by) {
        return sendLocal(n, datagram, by, false);
    }

    /**
     * The same; {@code fromSocket}: a socket made it, so its TCP or UDP checksum is left to the device
     * ({@link InternetChecksum#leftToDevice}), where the kernel's own answers (RST, ICMP) carry complete ones.
     */
    public boolean sendLocal(NodeRuntime n, Ipv4Datagram datagram, String by, boolean fromSocket) {
        return send(n, datagram, by, fromSocket, null);
    }

    /**
     * The exchange followed is a whole one (the packet limit was not asked for): a proxy in its way carries it over a
     * socket of its own, so what a proxy relays adds the packets that carry it through the proxy to the limit
     * ({@link #relaying}), as a write cut into several segments adds them ({@link #segmented}).
     */
    public void widenForRelays() {
        widenForRelays = true;
    }

    /** A proxy relays part of the exchange, in {@code packets} more (see {@link #widenForRelays}). */
    public void relaying(int packets) {
        widen(packets);
    }

    /**
     * A program's write was cut into segments of the MSS: {@code packets} more than the one segment the exchange
     * counts for it (the segments and the peer's ACKs of those without PSH), added as what a proxy relays is.
     */
    public void segmented(int packets) {
        widen(packets);
    }

    private void widen(int packets) {
        if (widenForRelays) {
            packetLimit = (int) Math.min(Integer.MAX_VALUE, (long) packetLimit + packets);
        }
    }

    /**
     * The kernel answers a packet it rejected (REJECT's RST or ICMP error): the answer leaves like a packet of its
     * own, but with the rejected packet's connection attached ({@code attached}, from {@link #passedConntrack()}).
     * {@code leftToDevice}: its TCP checksum is left to the device, as nf_send_reset leaves it.
     */
    public boolean sendAnswer(NodeRuntime n, Ipv4Datagram datagram, String by, boolean leftToDevice,
                              Object attached) {
        return send(n, datagram, by, leftToDevice, attached);
    }

    /**
     * The kernel sends a frame of its own straight out of {@code iface}, past every netfilter hook (nf_send_reset's
     * RST for a bridged frame: dev_queue_xmit on the port the frame came in by). Counts as a packet of the exchange.
     */
    public boolean sendFrame(NodeRuntime n, NetInterface iface, Packet frame, String by) {
        if (made >= packetLimit) {
            return false;
        }
        made++;
        transmit(n, iface, frame, generated(n, frame, true, by));
        return true;
    }

    private boolean send(NodeRuntime n, Ipv4Datagram datagram, String by, boolean leftToDevice, Object attached) {
        if (made >= packetLimit) {
            return false;
        }
        made++;
        Packet packet = new Packet(null, leftToDevice ? InternetChecksum.leftToDevice(datagram) : datagram);
        ipOutput.output(n, packet, generated(n, packet, false, by), attached);
        return true;
    }

    /**
     * Opens the trace of a packet {@code by} made in {@code n}, summarised as a frame or as an IP packet; -1 when not
     * tracing (a replay makes no summary).
     */
    private int generated(NodeRuntime n, Packet p, boolean asFrame, String by) {
        if (!tracing) {
            return -1;
        }
        String summary = asFrame ? PacketSummary.frame(p) : PacketSummary.packet(p);
        int trace = openTrace(n.name(), summary);
        step(trace, new TraceStep.Generated(n.name(), by, summary));
        return trace;
    }

    /**
     * A frame arrives on {@code node:iface} from its link at the current time, as if its far end had sent
     * it (replay's {@code --inject}); it starts a new packet trace. Returns the trace's index.
     */
    public int inject(String node, String iface, Packet frame) {
        NodeRuntime n = node(node);
        NetInterface i = n.iface(iface);
        if (i == null) {
            throw new IllegalArgumentException("node " + node + " has no interface " + iface);
        }
        int trace = tracing ? openTrace(node, PacketSummary.frame(frame)) : -1;
        events.after(0, () -> arrive(n, i, frame, trace));
        return trace;
    }

    /**
     * {@code node} itself sends a frame out of {@code iface} at the current time (replay's {@code --emit}):
     * its capture sees it leave, then it crosses the link. Starts a new packet trace; returns its index.
     */
    public int emit(String node, String iface, Packet frame) {
        NodeRuntime n = node == lastEmitName ? lastEmitNode : node(node);
        lastEmitName = node;
        lastEmitNode = n;
        NetInterface i = n.iface(iface);
        if (i == null) {
            throw new IllegalArgumentException("node " + node + " has no interface " + iface);
        }
        int trace = tracing ? openTrace(node, PacketSummary.frame(frame)) : -1;
        // As captured: the sending device already did (or left) its part of the checksums.
        sendOut(n, i, frame, trace);
        return trace;
    }

    /**
     * Puts a frame on the wire from {@code iface} of {@code n}: a checksum left to the device is completed first
     * unless the device offloads it ({@code validate_xmit_skb}: tcpdump's tap sees the frame after that), then
     * the capture sees it leave, then the interface's kind decides where it goes next.
     */
    public void transmit(NodeRuntime n, NetInterface iface, Packet frame, int trace) {
        sendOut(n, iface, asDeviceSends(n, iface, frame), trace);
    }

    /** {@code frame} with a checksum left to the device completed, unless {@code iface} offloads checksums. */
    public static Packet asDeviceSends(NodeRuntime n, NetInterface iface, Packet frame) {
        return n.node().offloadsChecksums(iface.name()) ? frame : InternetChecksum.completePartial(frame);
    }

    private void sendOut(NodeRuntime n, NetInterface iface, Packet frame, int trace) {
        if (iface instanceof Loopback) {
            if (n.node().isDown(iface.name())) {
                // A new namespace's lo until it is brought up: what the node sends itself goes nowhere.
                step(trace, new TraceStep.Dropped(n.name(), iface.name() + " is down (ip link set lo up): loopback"
                        + " takes nothing, so what " + n.name() + " sends itself is lost"));
                return;
            }
            // tcpdump -i lo shows a looped packet once; the receive side is the one recorded.
            events.after(0, () -> arrive(n, iface, frame, trace));
            return;
        }
        FarEnd end = iface instanceof Veth || iface instanceof Wire w && !w.toOutside() ? farEnd(iface) : null;
        String noCarrier = noCarrier(iface, end);
        if (noCarrier != null) {
            step(trace, new TraceStep.Dropped(n.name(), noCarrier));
            return;
        }
        captures.record(now(), n.name(), iface.name(), Direction.OUT, frame);
        if (tracing) {
            step(trace, new TraceStep.Transmitted(n.name(), iface.name(), PacketSummary.frame(frame)));
        }
        if (iface instanceof Bridge b) {
            bridge.deviceTransmit(n, b, frame, trace);
            return;
        }
        if (iface instanceof Wire w && w.toOutside()) {
            step(trace, new TraceStep.Delivered(n.name(), TraceStep.Delivered.OUTSIDE + ", by " + iface.name(),
                    true));
            return;
        }
        if (iface instanceof OtherLink o) {
            step(trace, new TraceStep.Delivered(n.name(), TraceStep.Delivered.OUTSIDE + ", by " + o.name() + " ("
                    + o.kind() + ": what the device does with it is not simulated)", true));
            return;
        }
        NodeRuntime far = end.node();
        NetInterface farIface = end.iface();
        String tooBig = tooBigToCross(iface, farIface, frame);
        if (tooBig != null) {
            step(trace, new TraceStep.Dropped(n.name(), tooBig));
            return;
        }
        if (tracing) {
            step(trace, new TraceStep.VethCrossed(n.name(), iface.name(), far.name(), farIface.name(),
                    iface instanceof Wire ? "wire" : "veth"));
        }
        long delay = iface instanceof Wire ? WIRE_DELAY_NANOS : VETH_DELAY_NANOS;
        events.after(delay, arrival, far, farIface, frame, trace);
    }

    /** What a drop's cause says when the far end of the link a frame was sent on is down. */
    public static final String FAR_END_DOWN = ", is down: ";
    /** What a drop's cause says when the device a frame was given to has no carrier. */
    public static final String NO_CARRIER = " has no carrier";

    /**
     * Why {@code iface} has no carrier, or null when it has: a tun or tap nobody holds open, a veth or wire whose far
     * end is down. Without carrier the kernel gives the device the noop qdisc (dev_deactivate), which drops a frame
     * before tcpdump's tap sees it (measured: a tun without its program captures nothing and counts TX dropped).
     */
    private static String noCarrier(NetInterface iface, FarEnd end) {
        if (iface instanceof OtherLink o && !o.carrier()) {
            return o.name() + " (" + o.kind() + ")" + NO_CARRIER + " (NO-CARRIER: a tun or tap without the program"
                    + " that holds it open): its queue drops what it is given, counted in its TX dropped";
        }
        if (end != null && end.down()) {
            return end.node().name() + ":" + end.iface().name() + ", the far end of " + iface.name() + FAR_END_DOWN
                    + iface.name() + " has no carrier, and its queue drops the frame";
        }
        return null;
    }

    /**
     * veth_xmit's check (is_skb_forwardable, against the receiving end): a frame longer than the far end's MTU plus
     * its link header and room for a VLAN tag (18 bytes) is dropped and counted in the sender's TX dropped; null
     * when it crosses. So an IPv4 datagram up to MTU + 4 bytes gets through. A frame bigger than its own sender's MTU
     * allows is a GSO packet, which the kernel does not check ({@link MtuChecks}). A wire (a physical cable) is taken
     * to act alike.
     */
    private static String tooBigToCross(NetInterface iface, NetInterface far, Packet frame) {
        if (MtuChecks.forwardable(frame, far.mtu(), iface.mtu())) {
            return null;
        }
        int length = MtuChecks.frameLength(frame);
        int limit = MtuChecks.frameLimit(far.mtu());
        return "the frame (" + length + " bytes) is longer than " + far.name() + "'s MTU " + far.mtu() + " allows ("
                + limit + " with the link header and a VLAN tag's room): " + (iface instanceof Wire ? "the wire"
                : "veth_xmit") + " drops it, counted in " + iface.name() + "'s TX dropped";
    }

    /** Where a frame sent out of a veth or wire arrives, and whether that end is down (fixed during a run). */
    private record FarEnd(NodeRuntime node, NetInterface iface, boolean down) {
    }

    /**
     * The far end of {@code iface}, resolved once per interface object: every frame crossing a link would
     * otherwise look its peer's node up by name and scan that node's interfaces. By identity, since the far
     * end is a function of the interface's own peer field, whichever node holds the object.
     */
    private FarEnd farEnd(NetInterface iface) {
        FarEnd end = farEnds.get(iface);
        if (end == null) {
            Endpoint peer = World.peerOf(iface);
            NodeRuntime far = node(peer.node());
            end = new FarEnd(far, far.node().iface(peer.iface()), far.node().isDown(peer.iface()));
            farEnds.put(iface, end);
        }
        return end;
    }

    /**
     * A frame leaves by {@code iface}'s own transmit path but the stage keeps moving it itself (br_netfilter's
     * bridged DNAT: the frame is sent through the bridge device, so tcpdump on it sees it, and then bridged):
     * only the capture and the trace see it here.
     */
    public void tapTransmit(NodeRuntime n, NetInterface iface, Packet frame, int trace) {
        captures.record(now(), n.name(), iface.name(), Direction.OUT, frame);
        if (tracing) {
            step(trace, new TraceStep.Transmitted(n.name(), iface.name(), PacketSummary.frame(frame)));
        }
    }

    /** A frame arrives on {@code iface}: the capture sees it come in, then a bridge port or the host takes it. */
    public void arrive(NodeRuntime n, NetInterface iface, Packet incoming, int trace) {
        // What the sender's stack knew about the packet (its -o, marks) does not cross the link.
        Packet frame = incoming.withMetadata(Metadata.NONE);
        captures.record(now(), n.name(), iface.name(), Direction.IN, frame);
        if (tracing) {
            step(trace, new TraceStep.Received(n.name(), iface.name(), PacketSummary.frame(frame)));
        }
        if (n.passive) {
            if (tracing) {
                step(trace, new TraceStep.Delivered(n.name(), TraceStep.Delivered.EDGE + " " + n.name() + ":"
                        + iface.name() + " (what it sends comes from its capture)", true));
            }
            return;
        }
        if (iface.port() != null) {
            bridge.input(n, (Bridge) n.iface(iface.port().bridge()), iface, frame, trace);
            return;
        }
        receive(n, iface, frame, trace, false, null);
    }

    /**
     * A frame the bridge forwarded, flooded or held back between its ports: it does not go up to the bridge's
     * stack, but a bridge in promiscuous mode passes a copy up (br_handle_frame_finish's local_rcv), where ip_rcv
     * drops it (not for this host) and a tcpdump on the bridge, which sets promiscuous mode unless run with -p, sees
     * it. Only that view of the capture records it ({@link CaptureTaps#onPromiscuous}).
     */
    public void bridgedPastDevice(NodeRuntime n, Bridge b, Packet frame) {
        captures.recordPromiscuousOnly(now(), n.name(), b.name(), frame);
    }

    /**
     * A bridge passes a frame up to its own device (it was for the bridge's MAC, or a broadcast): the
     * capture on the bridge sees it, then the host's stack takes it with the bridge as input interface.
     *
     * @param prerouted br_netfilter already ran PREROUTING for it
     * @param conntrack the evaluator's view from that PREROUTING
     */
    public void upToBridgeDevice(NodeRuntime n, Bridge b, Packet frame, int trace, boolean prerouted,
                                 Object conntrack) {
        captures.record(now(), n.name(), b.name(), Direction.IN, frame);
        if (tracing) {
            step(trace, new TraceStep.Received(n.name(), b.name(), PacketSummary.frame(frame)));
        }
        receive(n, b, frame, trace, prerouted, conntrack);
    }

    private void receive(NodeRuntime n, NetInterface iface, Packet frame, int trace, boolean prerouted,
                         Object conntrack) {
        MacAddress dst = frame.ethernet() == null ? iface.mac() : frame.ethernet().destination();
        // A bridge device gets only what its bridge passed up: a group address, or a MAC its FDB holds as local,
        // the bridge's own or any port's (br_pass_frame_up; the port's eth_type_trans had found it PACKET_HOST).
        // A device without a link layer takes every datagram as its own.
        if (dst != null && !(iface instanceof Loopback) && !(iface instanceof Bridge) && !dst.equals(iface.mac())
                && !dst.isBroadcast() && !dst.isMulticast()) {
            step(trace, new TraceStep.Ignored(n.name(), iface.name(), "frame for " + dst + ", not for "
                    + iface.name() + " (" + iface.mac() + "): PACKET_OTHERHOST"));
            return;
        }
        if (frame.network() instanceof ArpMessage a) {
            arp.receive(n, iface, a, trace);
        } else if (frame.network() instanceof Ipv4Datagram) {
            ipInput.receive(n, iface, frame, trace, prerouted, conntrack);
        } else {
            step(trace, new TraceStep.Ignored(n.name(), iface.name(), "not IPv4 or ARP"));
        }
    }
}
