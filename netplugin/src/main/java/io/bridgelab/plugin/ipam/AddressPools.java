package io.bridgelab.plugin.ipam;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.plugin.api.AddressSpacesResponse;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.IpamCapabilitiesResponse;
import io.bridgelab.plugin.api.IpamDriver;
import io.bridgelab.plugin.api.ReleaseAddressRequest;
import io.bridgelab.plugin.api.ReleasePoolRequest;
import io.bridgelab.plugin.api.RequestAddressRequest;
import io.bridgelab.plugin.api.RequestAddressResponse;
import io.bridgelab.plugin.api.RequestPoolRequest;
import io.bridgelab.plugin.api.RequestPoolResponse;
import io.bridgelab.plugin.store.PoolState;
import io.bridgelab.plugin.store.StateStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The IPAM driver: pools keyed {@code netplugin/CIDR}, never overlapping each other; addresses allocated
 * lowest-free first, a requested address honoured when free, the gateway request served the first host
 * address unless one is given. Every method is synchronized (dockerd starts containers in parallel) and
 * persists before it answers, so an address handed out survives a plugin restart.
 */
public final class AddressPools implements IpamDriver {
    public static final String LOCAL_SPACE = "netplugin-local";
    public static final String GLOBAL_SPACE = "netplugin-global";

    /** Where pools come from when dockerd asks for any: Docker's own default ranges, one /16 each. */
    private static final List<String> DEFAULT_POOLS = defaults();

    private final StateStore store;
    private final Map<String, Cidr> pools = new HashMap<>();
    private final Map<String, Cidr> ranges = new HashMap<>();
    private final Map<String, TreeSet<Integer>> allocated = new HashMap<>();

    public AddressPools(StateStore store) {
        this.store = store;
        for (PoolState p : store.pools()) {
            pools.put(p.id(), Cidr.parse(p.pool()));
            ranges.put(p.id(), p.subPool() == null ? Cidr.parse(p.pool()) : Cidr.parse(p.subPool()));
            TreeSet<Integer> used = new TreeSet<>();
            for (String a : store.addresses(p.id())) {
                used.add(Ipv4Address.parse(a).bits());
            }
            allocated.put(p.id(), used);
        }
    }

    private static List<String> defaults() {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 18; i <= 31; i++) {
            out.add("172." + i + ".0.0/16");
        }
        for (int i = 0; i < 256; i += 16) {
            out.add("192.168." + i + ".0/20");
        }
        return List.copyOf(out);
    }

    @Override
    public IpamCapabilitiesResponse getIpamCapabilities() {
        return new IpamCapabilitiesResponse(false, false);
    }

    @Override
    public AddressSpacesResponse getDefaultAddressSpaces() {
        return new AddressSpacesResponse(LOCAL_SPACE, GLOBAL_SPACE);
    }

    @Override
    public synchronized RequestPoolResponse requestPool(RequestPoolRequest request) {
        if (request.v6()) {
            throw new DriverException("netplugin IPAM serves IPv4 only; use the default IPAM driver for IPv6");
        }
        Cidr pool;
        if (request.pool() == null || request.pool().isEmpty()) {
            if (request.subPool() != null && !request.subPool().isEmpty()) {
                throw new DriverException("SubPool " + request.subPool() + " given without a Pool");
            }
            pool = pickFree();
        } else {
            pool = InterfaceAddress.parseSubnet(request.pool(), "Pool");
            if (pool.prefixLength() > 30) {
                throw new DriverException("Pool " + pool + " is too small: need at least a /30");
            }
        }
        Cidr range = pool;
        String subPool = null;
        if (request.subPool() != null && !request.subPool().isEmpty()) {
            range = InterfaceAddress.parseSubnet(request.subPool(), "SubPool");
            if (range.prefixLength() < pool.prefixLength() || !pool.contains(range.network())) {
                throw new DriverException("SubPool " + range + " is not inside Pool " + pool);
            }
            subPool = range.toString();
        }
        String id = "netplugin/" + pool;
        if (unusedIdenticalPool(id, pool, range)) {
            // A retry: the plugin stored this pool, but dockerd never got the answer (the plugin was killed
            // after the commit) and asks again. No address of it was handed out, so no network uses it: the
            // same answer again, or the subnet would be refused as overlapping itself until removed by hand.
            return new RequestPoolResponse(id, pool.toString(), Map.of());
        }
        for (Map.Entry<String, Cidr> e : pools.entrySet()) {
            if (InterfaceAddress.overlap(pool, e.getValue())) {
                throw new DriverException("Pool " + pool + " overlaps pool " + e.getValue() + " already in use");
            }
        }
        store.putPool(new PoolState(id, pool.toString(), subPool));
        pools.put(id, pool);
        ranges.put(id, range);
        allocated.put(id, new TreeSet<>());
        return new RequestPoolResponse(id, pool.toString(), Map.of());
    }

    /** Whether {@code id} is stored with the same pool and range and has no address allocated. */
    private boolean unusedIdenticalPool(String id, Cidr pool, Cidr range) {
        return pool.equals(pools.get(id)) && range.equals(ranges.get(id)) && allocated.get(id).isEmpty();
    }

    private Cidr pickFree() {
        for (String candidate : DEFAULT_POOLS) {
            Cidr c = Cidr.parse(candidate);
            if (pools.values().stream().noneMatch(p -> InterfaceAddress.overlap(p, c))) {
                return c;
            }
        }
        throw new DriverException("all default pools are in use; give a subnet with --subnet");
    }

    @Override
    public synchronized void releasePool(ReleasePoolRequest request) {
        requirePool(request.poolId());
        store.removePool(request.poolId());
        pools.remove(request.poolId());
        ranges.remove(request.poolId());
        allocated.remove(request.poolId());
    }

    @Override
    public synchronized RequestAddressResponse requestAddress(RequestAddressRequest request) {
        Cidr pool = requirePool(request.poolId());
        TreeSet<Integer> used = allocated.get(request.poolId());
        Ipv4Address address;
        if (request.address() != null && !request.address().isEmpty()) {
            address = InterfaceAddress.parseAddress(request.address(), "Address");
            if (!pool.contains(address)) {
                throw new DriverException("Address " + address + " is not in pool " + pool);
            }
            if (address.equals(pool.network()) || address.equals(pool.broadcast())) {
                throw new DriverException("Address " + address + " is the network or broadcast address of " + pool);
            }
            if (used.contains(address.bits())) {
                throw new DriverException("Address " + address + " is already allocated in pool " + pool);
            }
        } else {
            address = lowestFree(request.poolId(), pool, used);
        }
        if (!store.addAddress(request.poolId(), address.toString())) {
            throw new DriverException("Address " + address + " is already allocated in pool " + pool);
        }
        used.add(address.bits());
        return new RequestAddressResponse(address + "/" + pool.prefixLength(), Map.of());
    }

    private Ipv4Address lowestFree(String poolId, Cidr pool, TreeSet<Integer> used) {
        Cidr range = ranges.get(poolId);
        long first = Integer.toUnsignedLong(range.network().bits());
        long last = Integer.toUnsignedLong(range.broadcast().bits());
        long netBits = Integer.toUnsignedLong(pool.network().bits());
        long bcast = Integer.toUnsignedLong(pool.broadcast().bits());
        for (long a = first; a <= last; a++) {
            if (a == netBits || a == bcast) {
                continue;
            }
            if (!used.contains((int) a)) {
                return new Ipv4Address((int) a);
            }
        }
        throw new DriverException("pool " + pool + " has no free address left");
    }

    @Override
    public synchronized void releaseAddress(ReleaseAddressRequest request) {
        Cidr pool = requirePool(request.poolId());
        Ipv4Address address = InterfaceAddress.parseAddress(stripPrefix(request.address()), "Address");
        if (!pool.contains(address)) {
            throw new DriverException("Address " + address + " is not in pool " + pool);
        }
        // Releasing an address that is already free is accepted: dockerd repeats releases after errors.
        store.removeAddress(request.poolId(), address.toString());
        allocated.get(request.poolId()).remove(address.bits());
    }

    private static String stripPrefix(String a) {
        if (a == null) {
            return null;
        }
        int slash = a.indexOf('/');
        return slash < 0 ? a : a.substring(0, slash);
    }

    private Cidr requirePool(String id) {
        Cidr pool = pools.get(id);
        if (pool == null) {
            throw new DriverException("unknown pool '" + id + "'");
        }
        return pool;
    }
}
