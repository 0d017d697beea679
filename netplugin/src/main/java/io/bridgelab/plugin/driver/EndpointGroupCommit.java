package io.bridgelab.plugin.driver;

import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.InterfaceName;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.JoinResponse;
import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.fault.CrashPoints;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Group commit of CreateEndpoint and Join. When ~50 containers start at once, dockerd sends ~50
 * CreateEndpoint calls together; serialised one by one under the driver lock, each call's veth round and
 * store commit added to the wait of every call behind it (p99 0.4-1 s). Here a call queues its request,
 * then takes the driver lock; whoever gets the lock first applies every request queued by then as one
 * group: one {@code ip -batch} round for all the veths ({@link Dataplane#applyGroup}; none for a request
 * that gets a spare veth made ahead of time, see {@link SpareVeths}) and one SQLite
 * transaction for all the endpoint rows. Calls whose request another thread applied find it done when
 * they get the lock and just return its result.
 *
 * <p>Every request keeps its own answer: validation and address allocation run per request, in queue
 * order, against the store plus the requests accepted before it in the group (so addresses stay
 * distinct); a request refused there or by the kernel is rolled back alone and fails alone. Only a failed
 * store transaction fails the whole group, whose veths are then deleted again (none of them was stored or
 * answered). Crash safety is that of a single call: a kill -9 after the veths and before the commit
 * leaves owned veths the store does not know, which start-up reconciliation deletes; after the commit,
 * store and kernel agree. The crash points are those of the first kind of call in the group:
 * {@code NetworkDriver.CreateEndpoint/step-1} after the group's veths, {@code .../store-1} after its
 * transaction ({@code NetworkDriver.Join/store-1} for a group of Joins).
 */
final class EndpointGroupCommit {
    /** For the kill test only: the first thread waits until this many CreateEndpoint requests queued. */
    static final String GATHER_PROPERTY = "netplugin.groupGather";
    private static final Logger LOG = Logger.getLogger(EndpointGroupCommit.class.getName());

    /** A queued request; its outcome is written and read under the driver lock. */
    private abstract static class Pending<T> {
        private T result;
        private RuntimeException error;
        private boolean done;

        void complete(T value) {
            result = value;
            done = true;
        }

        void fail(RuntimeException e) {
            error = e;
            done = true;
        }

        T get() {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    private static final class Create extends Pending<CreateEndpointResponse> {
        final CreateEndpointRequest request;
        EndpointRequests.Accepted accepted;

        Create(CreateEndpointRequest request) {
            this.request = request;
        }
    }

    private static final class Join extends Pending<JoinResponse> {
        final JoinRequest request;
        EndpointState joined;
        JoinResponse response;

        Join(JoinRequest request) {
            this.request = request;
        }
    }

    private final StateStore store;
    private final Dataplane dataplane;
    private final SpareVeths spares;
    private final ReentrantLock lock;
    private final int gather;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** A group taking this long is logged with its parts. */
    private static final long SLOW_MS = 50;
    /** Parts of the last group's time; written and read under the driver lock. */
    private long lastKernelMs;
    private long lastStoreMs;
    /** CreateEndpoint calls of the last group that found no spare veth and made their own. */
    private int lastWithoutSpare;

    EndpointGroupCommit(StateStore store, Dataplane dataplane, SpareVeths spares, ReentrantLock lock, int gather) {
        this.store = store;
        this.dataplane = dataplane;
        this.spares = spares;
        this.lock = lock;
        this.gather = Math.max(1, gather);
    }

    CreateEndpointResponse create(CreateEndpointRequest r) {
        Names.id(r.endpointId(), "EndpointID");
        return submit(new Create(r));
    }

    JoinResponse join(JoinRequest r) {
        return submit(new Join(r));
    }

    private <T> T submit(Pending<T> mine) {
        queue.add(mine);
        long t0 = System.nanoTime();
        lock.lock();
        long t1 = System.nanoTime();
        try {
            // Not done: no lock holder drained it yet (a drainer completes its whole group before unlocking).
            if (!mine.done) {
                List<Pending<?>> group = new ArrayList<>();
                queue.drainTo(group);
                gatherForTest(group);
                runGuarded(group);
                long ms = (System.nanoTime() - t1) / 1_000_000;
                if (ms >= SLOW_MS) {
                    // Where a slow group's time went (the call's own log line has the total).
                    LOG.info("slow endpoint group of " + group.size() + ": lock wait " + (t1 - t0) / 1_000_000
                            + " ms, then " + ms + " ms (" + lastKernelMs + " ms kernel, " + lastStoreMs
                            + " ms store" + (lastWithoutSpare > 0 ? ", " + lastWithoutSpare
                            + " CreateEndpoint found no spare veth ready" : "") + ")");
                }
            }
        } finally {
            lock.unlock();
        }
        return mine.get();
    }

    /** Waits on the queue (never a sleep) until {@link #gather} CreateEndpoint requests are in the group. */
    private void gatherForTest(List<Pending<?>> group) {
        if (gather <= 1) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.stream().filter(p -> p instanceof Create).count() < gather) {
            long left = deadline - System.nanoTime();
            Pending<?> more;
            try {
                more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (more == null) {
                return;
            }
            group.add(more);
        }
    }

    /** Whatever happens, no member is left without an outcome (its caller would return null). */
    private void runGuarded(List<Pending<?>> group) {
        try {
            run(group);
        } finally {
            for (Pending<?> p : group) {
                if (!p.done) {
                    p.fail(new IllegalStateException("endpoint group commit ended without an answer for this call"));
                }
            }
        }
    }

    private void run(List<Pending<?>> group) {
        boolean anyCreate = group.stream().anyMatch(p -> p instanceof Create);
        List<Pending<?>> later = new ArrayList<>();
        try (CrashPoints.Scope scope = CrashPoints.group(anyCreate ? "NetworkDriver.CreateEndpoint"
                : "NetworkDriver.Join")) {
            Map<String, EndpointState> endpoints = new LinkedHashMap<>();
            for (EndpointState e : store.endpoints()) {
                endpoints.put(e.id(), e);
            }
            Set<String> created = new HashSet<>();
            List<Create> creates = new ArrayList<>();
            List<Join> joins = new ArrayList<>();
            for (Pending<?> p : group) {
                String id = p instanceof Create c ? c.request.endpointId() : ((Join) p).request.endpointId();
                if (created.contains(id)) {
                    // The same endpoint twice in one group (a duplicate CreateEndpoint, or a Join of an
                    // endpoint created in it): answered after this group is stored, as sequential calls were.
                    later.add(p);
                    continue;
                }
                try {
                    if (p instanceof Create c) {
                        NetworkState n = network(c.request.networkId());
                        EndpointState existing = endpoints.get(id);
                        if (existing != null) {
                            c.complete(EndpointRequests.retried(existing, n, c.request.endpointInterface()));
                            continue;
                        }
                        c.accepted = EndpointRequests.accept(c.request, n, endpoints.values());
                        endpoints.put(id, c.accepted.state());
                        created.add(id);
                        creates.add(c);
                    } else {
                        Join j = (Join) p;
                        EndpointState e = EndpointRequests.member(endpoints, j.request.networkId(), id);
                        NetworkState n = network(e.networkId());
                        j.joined = e.withSandbox(j.request.sandboxKey() == null ? "" : j.request.sandboxKey());
                        endpoints.put(id, j.joined);
                        // Internal networks get no default route, as with Docker's bridge driver.
                        j.response = new JoinResponse(new InterfaceName(e.peerVeth(), n.ifacePrefix()),
                                n.internal() ? null : EndpointRequests.gatewayIp(n), null, null, false);
                        joins.add(j);
                    }
                } catch (DriverException e) {
                    p.fail(e);
                }
            }
            if (creates.size() + joins.size() > 1) {
                // The operator's (and the kill test's) evidence that calls were grouped, and how much.
                LOG.info("endpoint group: " + creates.size() + " CreateEndpoint, " + joins.size() + " Join");
            }
            commit(creates, joins);
        }
        if (!later.isEmpty()) {
            run(later);
        }
    }

    /**
     * The kernel part (a spare veth where one is ready, else one round for every veth still needed), then
     * one store transaction for every accepted request.
     */
    private void commit(List<Create> creates, List<Join> joins) {
        try {
            commitGroup(creates, joins);
        } finally {
            creates.stream().map(c -> c.accepted.network().id()).distinct().forEach(spares::replenish);
        }
    }

    private void commitGroup(List<Create> creates, List<Join> joins) {
        List<Create> needVeth = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        for (Create c : creates) {
            var spare = spares.take(c.accepted.network().id());
            if (spare.isPresent()) {
                c.accepted = c.accepted.onSpare(spare.get());
            } else {
                needVeth.add(c);
                plans.add(Plans.endpointUp(c.accepted.network(), c.accepted.state()));
            }
        }
        lastStoreMs = 0;
        lastWithoutSpare = needVeth.size();
        long t0 = System.nanoTime();
        List<DataplaneException> errors = plans.isEmpty() ? List.of() : dataplane.applyGroup(plans);
        long t1 = System.nanoTime();
        lastKernelMs = (t1 - t0) / 1_000_000;
        Set<Create> kernelRefused = new HashSet<>();
        for (int i = 0; i < needVeth.size(); i++) {
            if (errors.get(i) != null) {
                needVeth.get(i).fail(new DriverException(errors.get(i).getMessage(), errors.get(i)));
                kernelRefused.add(needVeth.get(i));
            }
        }
        List<Create> applied = new ArrayList<>();
        List<EndpointState> rows = new ArrayList<>();
        for (Create c : creates) {
            if (!kernelRefused.contains(c)) {
                applied.add(c);
                rows.add(c.accepted.state());
            }
        }
        for (Join j : joins) {
            rows.add(j.joined);
        }
        try {
            store.putEndpoints(rows);
            lastStoreMs = (System.nanoTime() - t1) / 1_000_000;
        } catch (RuntimeException e) {
            undo(applied);
            DriverException refused = new DriverException("cannot store " + rows.size() + " endpoints: "
                    + e.getMessage(), e);
            applied.forEach(c -> c.fail(refused));
            joins.forEach(j -> j.fail(refused));
            return;
        }
        applied.forEach(c -> c.complete(c.accepted.response()));
        joins.forEach(j -> j.complete(j.response));
    }

    /** Deletes the veths of creates the store refused: nobody was answered, so nothing else knows them. */
    private void undo(List<Create> applied) {
        for (Create c : applied) {
            try {
                dataplane.apply(Plans.endpointDown(c.accepted.network(), c.accepted.state()));
            } catch (DataplaneException e) {
                LOG.warning("could not delete the veth of unstored endpoint " + c.accepted.state().shortId() + ": "
                        + e.getMessage() + "; start-up reconciliation removes it");
            }
        }
    }

    private NetworkState network(String id) {
        Names.id(id, "NetworkID");
        return store.network(id).orElseThrow(() -> new DriverException("unknown network " + Names.shortId(id)));
    }
}
