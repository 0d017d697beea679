package io.bridgelab.plugin.driver;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.plugin.api.CapabilitiesResponse;
import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.EndpointOperInfoResponse;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.IpamData;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.JoinResponse;
import io.bridgelab.plugin.api.NetworkDriver;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.api.PortBinding;
import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.Step;
import io.bridgelab.plugin.ipam.InterfaceAddress;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.PortMapping;
import io.bridgelab.plugin.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The NetworkDriver: validates every request fully before touching the kernel, applies one plan per call,
 * then commits to the store. Calls are serialised by one lock: they are short (one {@code ip -batch} or
 * one {@code iptables-restore}), and host-port allocation must see every network's mappings. CreateEndpoint
 * and Join, which come in bursts when many containers start, are group-committed
 * ({@link EndpointGroupCommit}).
 */
public final class BridgeNetworkDriver implements NetworkDriver {
    private static final Logger LOG = Logger.getLogger(BridgeNetworkDriver.class.getName());
    private final StateStore store;
    private final Dataplane dataplane;
    private final ReentrantLock lock = new ReentrantLock();
    private final EndpointGroupCommit endpoints;
    private final SpareVeths spares;

    /** Without spare veths: every CreateEndpoint creates its veth. */
    public BridgeNetworkDriver(StateStore store, Dataplane dataplane) {
        this(store, dataplane, new SpareVeths(dataplane, 0, Runnable::run));
    }

    public BridgeNetworkDriver(StateStore store, Dataplane dataplane, SpareVeths spares) {
        this(store, dataplane, spares, Integer.getInteger(EndpointGroupCommit.GATHER_PROPERTY, 1));
    }

    /**
     * Never a forced group size, whatever the process's properties say: for calls no test drives (the
     * start-up warm-up, which would otherwise wait 10 s per CreateEndpoint in a test's plugin process).
     */
    public static BridgeNetworkDriver ungrouped(StateStore store, Dataplane dataplane, SpareVeths spares) {
        return new BridgeNetworkDriver(store, dataplane, spares, 1);
    }

    /** Tests: a forced group size, no spare veths. */
    BridgeNetworkDriver(StateStore store, Dataplane dataplane, int gather) {
        this(store, dataplane, new SpareVeths(dataplane, 0, Runnable::run), gather);
    }

    /**
     * {@code gather} above 1 is for tests: the first CreateEndpoint to get the lock waits (up to 10 s) until
     * that many are queued, so a group of that size is certain instead of likely.
     */
    BridgeNetworkDriver(StateStore store, Dataplane dataplane, SpareVeths spares, int gather) {
        this.store = store;
        this.dataplane = dataplane;
        this.spares = spares;
        this.endpoints = new EndpointGroupCommit(store, dataplane, spares, lock, gather);
    }

    /** Starts making spare veths for every stored network (at start-up, after reconciliation). */
    public void supplySpares() {
        for (NetworkState n : store.networks()) {
            spares.open(n);
        }
    }

    @Override
    public CapabilitiesResponse getCapabilities() {
        return CapabilitiesResponse.LOCAL;
    }

    @Override
    public void createNetwork(CreateNetworkRequest r) {
        String id = Names.id(r.networkId(), "NetworkID");
        NetworkOptions o = NetworkOptions.parse(id, r.options());
        if (r.ipv4Data().isEmpty()) {
            throw new DriverException("network " + shortId(id) + " has no IPv4 pool (IPv4Data is empty)");
        }
        if (r.ipv4Data().size() > 1) {
            throw new DriverException("network " + shortId(id) + " has " + r.ipv4Data().size()
                    + " IPv4 pools; netplugin supports one per network");
        }
        IpamData data = r.ipv4Data().get(0);
        Cidr subnet = InterfaceAddress.parse(data.pool(), "IPv4Data[0].Pool").subnet();
        InterfaceAddress gateway = InterfaceAddress.parse(data.gateway(), "IPv4Data[0].Gateway");
        if (!subnet.contains(gateway.address()) || gateway.subnet().prefixLength() != subnet.prefixLength()) {
            throw new DriverException("gateway " + data.gateway() + " is not an address of pool " + subnet);
        }
        NetworkState n = new NetworkState(id, o.bridgeName(), subnet.toString(),
                gateway.address() + "/" + subnet.prefixLength(), o.mtu(), o.icc(), o.masquerade(), o.internal(),
                o.hostBindingIpv4(), o.ifacePrefix());
        lock.lock();
        try {
            var existing = store.network(id);
            if (existing.isPresent()) {
                if (existing.get().equals(n)) {
                    // A retry of a call whose reply was lost (plugin killed after the commit): same answer.
                    return;
                }
                throw new DriverException("network " + shortId(id) + " already exists with other options");
            }
            for (NetworkState other : store.networks()) {
                if (other.bridge().equals(n.bridge())) {
                    throw new DriverException("bridge " + n.bridge() + " is already used by network " + other.shortId());
                }
                if (InterfaceAddress.overlap(Cidr.parse(other.subnet()), subnet)) {
                    throw new DriverException("subnet " + subnet + " overlaps " + other.subnet() + " of network "
                            + other.shortId());
                }
            }
            apply(Plans.networkUp(n));
            store.putNetwork(n);
        } finally {
            lock.unlock();
        }
        spares.open(n);
    }

    @Override
    public void deleteNetwork(NetworkRequest r) {
        lock.lock();
        try {
            NetworkState n = network(r.networkId());
            long endpoints = store.endpoints().stream().filter(e -> e.networkId().equals(n.id())).count();
            if (endpoints > 0) {
                throw new DriverException("network " + n.shortId() + " still has " + endpoints + " endpoints");
            }
            apply(Plans.networkDown(n));
            store.removeNetwork(n.id());
            deleteSpares(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After the network is gone (a spare's deletion cannot be undone, so it must not come before a step
     * that may fail); a failure leaves a detached spare that start-up reconciliation deletes.
     */
    private void deleteSpares(NetworkState n) {
        List<SpareVeths.Spare> left = spares.close(n.id());
        if (left.isEmpty()) {
            return;
        }
        try {
            dataplane.apply(new Plan("delete " + left.size() + " spare veths of network " + n.shortId(),
                    List.of(new Step.Links(SpareVeths.deletions(left)))));
        } catch (DataplaneException e) {
            LOG.warning(e.getMessage() + "; start-up reconciliation removes them");
        }
    }

    /** Group-committed with the other CreateEndpoint and Join calls queued behind the lock. */
    @Override
    public CreateEndpointResponse createEndpoint(CreateEndpointRequest r) {
        return endpoints.create(r);
    }

    @Override
    public EndpointOperInfoResponse endpointOperInfo(EndpointRequest r) {
        EndpointState e = endpoint(r.networkId(), r.endpointId());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("hostVeth", e.hostVeth());
        info.put("address", e.address());
        info.put("mac", e.mac());
        List<String> ports = new ArrayList<>();
        for (PortMapping p : e.ports()) {
            ports.add(p.toString());
        }
        info.put("ports", ports);
        return new EndpointOperInfoResponse(info);
    }

    @Override
    public void deleteEndpoint(EndpointRequest r) {
        lock.lock();
        try {
            EndpointState e = endpoint(r.networkId(), r.endpointId());
            NetworkState n = network(e.networkId());
            apply(Plans.endpointDown(n, e));
            store.removeEndpoint(e.id());
        } finally {
            lock.unlock();
        }
    }

    /** Group-committed like CreateEndpoint: its store write joins the group's transaction. */
    @Override
    public JoinResponse join(JoinRequest r) {
        return endpoints.join(r);
    }

    @Override
    public void leave(EndpointRequest r) {
        lock.lock();
        try {
            EndpointState e = endpoint(r.networkId(), r.endpointId());
            store.putEndpoint(e.withSandbox(null));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void programExternalConnectivity(ExternalConnectivityRequest r) {
        List<PortBinding> requests = PortRequests.parse(r.options());
        lock.lock();
        try {
            EndpointState e = endpoint(r.networkId(), r.endpointId());
            NetworkState n = network(e.networkId());
            if (n.internal() || requests.isEmpty()) {
                // Docker publishes nothing on internal networks, and says nothing about it either.
                return;
            }
            List<PortMapping> taken = new ArrayList<>();
            for (EndpointState other : store.endpoints()) {
                if (!other.id().equals(e.id())) {
                    taken.addAll(other.ports());
                }
            }
            List<PortMapping> mappings = PortRequests.allocate(requests, e.ip(), n.hostBindingIpv4(), taken);
            if (!e.ports().isEmpty()) {
                apply(Plans.ports(n, e, false));
                store.putEndpoint(e.withPorts(List.of()));
            }
            EndpointState updated = e.withPorts(mappings);
            apply(Plans.ports(n, updated, true));
            store.putEndpoint(updated);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void revokeExternalConnectivity(ExternalConnectivityRequest r) {
        lock.lock();
        try {
            EndpointState e = endpoint(r.networkId(), r.endpointId());
            if (e.ports().isEmpty()) {
                return;
            }
            NetworkState n = network(e.networkId());
            apply(Plans.ports(n, e, false));
            store.putEndpoint(e.withPorts(List.of()));
        } finally {
            lock.unlock();
        }
    }

    private void apply(Plan plan) {
        try {
            dataplane.apply(plan);
        } catch (DataplaneException ex) {
            throw new DriverException(ex.getMessage(), ex);
        }
    }

    private NetworkState network(String id) {
        Names.id(id, "NetworkID");
        return store.network(id).orElseThrow(() -> new DriverException("unknown network " + shortId(id)));
    }

    private EndpointState endpoint(String networkId, String endpointId) {
        Names.id(networkId, "NetworkID");
        Names.id(endpointId, "EndpointID");
        EndpointState e = store.endpoint(endpointId)
                .orElseThrow(() -> new DriverException("unknown endpoint " + shortId(endpointId)));
        if (!e.networkId().equals(networkId)) {
            throw new DriverException("endpoint " + e.shortId() + " is not in network " + shortId(networkId));
        }
        return e;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
