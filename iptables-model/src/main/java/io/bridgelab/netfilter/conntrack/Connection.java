package io.bridgelab.netfilter.conntrack;

/**
 * One conntrack entry ({@code struct nf_conn}). Unlike the packet values this is an entity whose state
 * changes as packets pass, as in the kernel; only this package changes it. The original tuple never
 * changes; NAT changes the reply tuple when the binding is chosen at the connection's first packet.
 */
public final class Connection {
    private final Tuple original;
    private Tuple reply;
    private int status;
    private TcpState tcpState = TcpState.NONE;
    private long expiresAtMillis;
    private long udpStreamAtMillis;
    private int mark;
    private final int zone;
    // The owning ConntrackTable's list of confirmed connections, oldest first (threaded through the connections
    // so the table needs no entry object per connection); only that table reads or changes these.
    boolean listed;
    Connection older;
    Connection newer;

    Connection(Tuple original, int zone) {
        this.original = original;
        this.zone = zone;
        this.reply = original.invert();
    }

    public Tuple original() {
        return original;
    }

    public Tuple reply() {
        return reply;
    }

    /** The tuple of the given direction ({@code ct->tuplehash[dir].tuple}). */
    public Tuple tuple(Direction direction) {
        return direction == Direction.ORIGINAL ? original : reply;
    }

    public boolean has(Status bit) {
        return (status & bit.mask()) != 0;
    }

    /** The raw status bits, kernel numbering. */
    public int status() {
        return status;
    }

    public TcpState tcpState() {
        return tcpState;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Whole seconds left at {@code nowMillis}, as {@code conntrack -L} prints them (never negative). */
    public long secondsLeft(long nowMillis) {
        return Math.max(0, (expiresAtMillis - nowMillis) / 1000);
    }

    public int mark() {
        return mark;
    }

    /** The conntrack zone ({@code -j CT --zone}); connections in different zones never meet. */
    public int zone() {
        return zone;
    }

    /** The virtual {@code --ctstate SNAT}: a source binding that changed the tuple. */
    public boolean isSourceNatted() {
        return has(Status.SRC_NAT);
    }

    /** The virtual {@code --ctstate DNAT}: a destination binding that changed the tuple. */
    public boolean isDestinationNatted() {
        return has(Status.DST_NAT);
    }

    public boolean isConfirmed() {
        return has(Status.CONFIRMED);
    }

    /** Whether a binding of this kind was chosen (the kernel's {@code nf_nat_initialized}). */
    public boolean natInitialized(NatManip manip) {
        return has(manip.doneStatus());
    }

    public void setMark(int newMark) {
        this.mark = newMark;
    }

    void set(Status bit) {
        status |= bit.mask();
    }

    void setTcpState(TcpState state) {
        this.tcpState = state;
    }

    void refresh(long nowMillis, int seconds) {
        this.expiresAtMillis = nowMillis + seconds * 1000L;
    }

    long udpStreamAtMillis() {
        return udpStreamAtMillis;
    }

    void setUdpStreamAtMillis(long at) {
        this.udpStreamAtMillis = at;
    }

    /**
     * A binding of {@code manip} was chosen: the reply tuple is now {@code newReply}. As the kernel's
     * {@code nf_conn}, the connection keeps only what the binding did (its tuples and status bits), not the binding:
     * the binding value goes to the trace, and a replay that keeps a million connections keeps no binding objects.
     */
    void bind(NatManip manip, Tuple newReply) {
        if (!newReply.equals(reply)) {
            set(manip.natStatus());
        }
        reply = newReply;
        set(manip.doneStatus());
    }

    @Override
    public String toString() {
        return "ct[" + original + " | " + reply + "]";
    }
}
