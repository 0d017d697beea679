package io.bridgelab.sim.load;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.World;

import java.util.List;

/**
 * The host whose real {@code iptables-save} is shared/reference/docker-20.10-bridge.iptables-save.txt:
 * docker0 with {@code web} (172.17.0.2, {@code -p 8088:80}) and {@code other} (172.17.0.3), and a user
 * network {@code br-995e2caec5d2} 172.20.0.0/16 created with {@code enable_icc=false}, holding {@code udp}
 * (172.20.0.2, {@code -p 9000-9001:9000-9001/udp}) and {@code peer} (172.20.0.3). The rules are loaded
 * from that file as iptables-save printed them; they are the userland proxy's variant (DNAT {@code ! -i BRIDGE}), so
 * the host also runs a docker-proxy for each published port (dockerd starts one per port of a range).
 */
public final class TwoNetworksHost {
    public static final String RULES = "docker-20.10-two-networks.iptables-save";
    public static final String USER_BRIDGE = "br-995e2caec5d2";

    private TwoNetworksHost() {
    }

    public static World build() {
        List<ListeningSocket> udp = List.of(
                new ListeningSocket(IpProtocol.UDP, Ipv4Address.ANY, 9000, "udp-echo", "pong\n"),
                new ListeningSocket(IpProtocol.UDP, Ipv4Address.ANY, 9001, "udp-echo", "pong\n"));
        return new DockerHost()
                .container("web", "172.17.0.2", "02:42:ac:11:00:02", "veth1a2b3c4", "aa:fe:fd:cf:0f:53", 5)
                .container("other", "172.17.0.3", "02:42:ac:11:00:03", "veth5d6e7f8", "46:57:6d:fe:e2:b4", 7)
                .network(USER_BRIDGE, 8, "02:42:3e:9a:51:07", "172.20.0.1/16")
                .container("udp", "172.20.0.2", "02:42:ac:14:00:02", "veth9a8b7c6", "6e:21:4b:90:1c:3d", 10, udp)
                .container("peer", "172.20.0.3", "02:42:ac:14:00:03", "vethd5e4f3a", "b2:7c:05:e1:88:42", 12, udp)
                .publish(IpProtocol.TCP, 8088, "172.17.0.2", 80)
                .publish(IpProtocol.UDP, 9000, "172.20.0.2", 9000)
                .publish(IpProtocol.UDP, 9001, "172.20.0.2", 9001)
                .rules(RulesetResource.load(RULES))
                .build();
    }
}
