package io.bridgelab.plugin.driver;

import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.LinkOp;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.Step;
import io.bridgelab.plugin.store.NetworkState;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Veth pairs made ahead of time, per network, so that CreateEndpoint needs no kernel change at all.
 *
 * <p>Why: when 50 containers start at once, runc and dockerd hold the kernel's rtnl lock most of the time
 * (creating namespaces, moving veths), and a veth creation inside CreateEndpoint waited 35-210 ms for it,
 * which was the p99 of the plugin's calls. A spare is made by a background thread instead, whose wait
 * delays nobody: host end on the bridge, hairpin on, up (the port stays disabled while the peer is down);
 * peer down in the host namespace with the network's MTU and a random MAC. CreateEndpoint takes one and
 * stores its names; dockerd then moves the peer into the container and sets the MAC the plugin answered
 * (libnetwork's sandbox sets the interface's MAC whenever the endpoint has one). With no spare left the
 * driver creates the veth in the call, as before.
 *
 * <p>Spares are named {@code npvs...}/{@code npcs...} (an 's' never appears in a hex endpoint id, so they
 * cannot collide with the id-derived names) and carry the alias {@code netplugin:spare:NETWORK}. A spare
 * is in no store: after a restart, reconciliation deletes the old ones and this class makes new ones.
 * Thread safety: one monitor guards the per-network lists; kernel work runs on {@code refiller} outside it.
 */
public final class SpareVeths {
    public static final String ALIAS = Plans.ALIAS_PREFIX + "spare:";
    private static final Logger LOG = Logger.getLogger(SpareVeths.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A ready pair: {@code host} on the bridge, {@code peer} for dockerd to move into the sandbox. */
    public record Spare(String host, String peer) {
    }

    private final Dataplane dataplane;
    private final int perNetwork;
    private final Executor refiller;
    /** Networks being kept supplied, by id; guarded by this. */
    private final Map<String, Supply> supplies = new HashMap<>();

    private static final class Supply {
        final NetworkState network;
        final Deque<Spare> ready = new ArrayDeque<>();
        /** Spares being made for this network right now. */
        int inFlight;
        /** A refill task is queued and has not yet counted what it makes. */
        boolean refillQueued;

        Supply(NetworkState network) {
            this.network = network;
        }
    }

    /**
     * Keeps {@code perNetwork} spares for every open network (0 disables the pool); {@code refiller} runs
     * the creations (one thread in the server, a direct executor in unit tests).
     */
    public SpareVeths(Dataplane dataplane, int perNetwork, Executor refiller) {
        if (perNetwork < 0) {
            throw new IllegalArgumentException("spare veths per network must be 0 or more, not " + perNetwork);
        }
        this.dataplane = dataplane;
        this.perNetwork = perNetwork;
        this.refiller = refiller;
    }

    /** Starts keeping spares for {@code n} (after its bridge exists). */
    public void open(NetworkState n) {
        if (perNetwork == 0) {
            return;
        }
        synchronized (this) {
            supplies.putIfAbsent(n.id(), new Supply(n));
        }
        replenish(n.id());
    }

    /**
     * A ready spare of network {@code networkId}, if there is one; never waits for the kernel. The caller
     * calls {@link #replenish} once its own kernel work is done, so that the replacements neither compete
     * with it for the kernel nor arrive in the middle of it.
     */
    public synchronized Optional<Spare> take(String networkId) {
        Supply s = supplies.get(networkId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.ready.pollFirst());
    }

    /**
     * Stops supplying {@code networkId} and returns its ready spares, which the caller deletes with the
     * network. A spare still being made is deleted by the refiller when it finds the network closed.
     */
    public synchronized List<Spare> close(String networkId) {
        Supply s = supplies.remove(networkId);
        return s == null ? List.of() : List.copyOf(s.ready);
    }

    /** How many spares network {@code networkId} has ready (status and tests). */
    public synchronized int ready(String networkId) {
        Supply s = supplies.get(networkId);
        return s == null ? 0 : s.ready.size();
    }

    /**
     * Asks the refiller to make what {@code networkId} lacks; also how a creation that failed earlier is
     * retried. Calls made while a refill is queued join it: the refill counts what is lacking when it
     * runs, not when it was asked for, so takes that come while the refiller waits for the kernel are made
     * up for in one round.
     */
    public void replenish(String networkId) {
        NetworkState n;
        synchronized (this) {
            Supply s = supplies.get(networkId);
            if (s == null || s.refillQueued || lacking(s) <= 0) {
                return;
            }
            s.refillQueued = true;
            n = s.network;
        }
        refiller.execute(() -> refill(n));
    }

    private int lacking(Supply s) {
        return perNetwork - s.ready.size() - s.inFlight;
    }

    private void refill(NetworkState n) {
        int wanted;
        synchronized (this) {
            Supply s = supplies.get(n.id());
            if (s == null || !s.network.equals(n)) {
                return;
            }
            s.refillQueued = false;
            wanted = lacking(s);
            if (wanted <= 0) {
                return;
            }
            s.inFlight += wanted;
        }
        make(n, wanted);
    }

    /**
     * Makes {@code count} spares in one {@code ip -batch} round. One round, not one per spare: while
     * containers start, each round waits 35-300 ms for the kernel's rtnl lock, and with a round per spare
     * the refiller fell behind a burst (one take every ~150 ms) and the supply ran dry: a CreateEndpoint
     * then made its own veth, 109-302 ms in the kernel, and the calls behind it waited for the driver lock.
     */
    private void make(NetworkState n, int count) {
        List<Spare> made = new ArrayList<>();
        List<LinkOp> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String suffix = "s" + HexFormat.of().formatHex(randomBytes(6)).substring(1);
            Spare spare = new Spare("npv" + suffix, "npc" + suffix);
            made.add(spare);
            ops.add(new LinkOp.CreateVeth(spare.host(), spare.peer(), n.bridge(), randomMac(), n.mtu(),
                    ALIAS + n.shortId()));
        }
        try {
            dataplane.apply(new Plan("create " + count + " spare veths for network " + n.shortId(),
                    List.of(new Step.Links(ops))));
        } catch (DataplaneException e) {
            // A failed step is rolled back whole. Not retried here: the next take() asks again, and
            // CreateEndpoint falls back to its own veth.
            LOG.warning(e.getMessage());
            made.clear();
        }
        boolean keep;
        synchronized (this) {
            Supply s = supplies.get(n.id());
            keep = s != null && s.network.equals(n);
            if (keep) {
                s.inFlight -= count;
                s.ready.addAll(made);
            }
        }
        if (!made.isEmpty() && !keep) {
            // The network was deleted (or recreated) while these spares were made.
            try {
                dataplane.apply(new Plan("delete " + made.size() + " spare veths", List.of(
                        new Step.Links(deletions(made)))));
            } catch (DataplaneException e) {
                LOG.warning(e.getMessage() + "; start-up reconciliation removes them");
            }
        }
    }

    /** Deletion ops for {@code spares} (the caller puts them in the network's deletion plan). */
    static List<LinkOp> deletions(List<Spare> spares) {
        List<LinkOp> ops = new ArrayList<>();
        for (Spare s : spares) {
            ops.add(new LinkOp.DeleteLink(s.host(), true));
        }
        return ops;
    }

    /** Locally administered, unicast: dockerd replaces it with the endpoint's MAC in the sandbox. */
    private static String randomMac() {
        byte[] b = randomBytes(6);
        b[0] = (byte) ((b[0] & 0xfc) | 0x02);
        return MacAddress.read(b, 0).toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
