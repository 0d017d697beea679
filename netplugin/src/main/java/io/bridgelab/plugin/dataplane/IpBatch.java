package io.bridgelab.plugin.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip -batch} lines for link ops. Every name, address and alias was validated before (no spaces,
 * no quotes), so a line cannot smuggle a second command.
 */
final class IpBatch {
    private IpBatch() {
    }

    static List<String> lines(LinkOp op) {
        List<String> out = new ArrayList<>();
        if (op instanceof LinkOp.CreateBridge b) {
            out.add("link add name " + b.name() + " mtu " + b.mtu() + " type bridge");
            out.add("link set dev " + b.name() + " alias " + b.alias());
            out.add("address add " + b.gatewayCidr() + " dev " + b.name());
            out.add("link set dev " + b.name() + " up");
        } else if (op instanceof LinkOp.CreateVeth v) {
            // Two netlink requests, not five: each takes the kernel's rtnl lock, which runc and dockerd
            // hold often while 50 containers start (a five-line veth took 70-210 ms then). The creation
            // carries master and up (the kernel applies IFLA_MASTER and the flags on create) but not the
            // alias, which only a change applies; the change also carries the port's hairpin flag.
            out.add("link add name " + v.name() + " mtu " + v.mtu() + " master " + v.bridge() + " up type veth peer name "
                    + v.peer() + " mtu " + v.mtu() + " address " + v.mac());
            // Hairpin: a frame may leave by the port it came in on, so a container reaches itself through
            // a published port (the DNAT'd packet comes back to the same veth).
            out.add("link set dev " + v.name() + " alias " + v.alias() + " type bridge_slave hairpin on");
        } else if (op instanceof LinkOp.Attach a) {
            out.add("link set dev " + a.name() + " master " + a.bridge());
            out.add("link set dev " + a.name() + " type bridge_slave hairpin on");
            out.add("link set dev " + a.name() + " up");
        } else if (op instanceof LinkOp.DeleteLink d) {
            out.add("link del dev " + d.name());
        }
        return out;
    }
}
