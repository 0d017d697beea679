package io.bridgelab.plugin.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.PortMapping;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden text of every rule shape the plugin builds, through the shared iptables-save writer (the same
 * text is checked against the kernel's own iptables-save in LinuxDataplaneTest).
 */
class FirewallRulesTest {
    private static final String NET = "-m comment --comment \"netplugin:net:abcdef012345\"";
    private static final String EP = "-m comment --comment \"netplugin:ep:e0123456789a\"";

    private static NetworkState network(boolean icc, boolean masquerade, boolean internal) {
        return new NetworkState("abcdef0123456789", "br-x.y_z", "172.20.0.0/16", "172.20.0.1/16", 1500, icc,
                masquerade, internal, null, "eth");
    }

    private static List<String> lines(List<RuleEntry> entries) {
        SaveTextRulesRenderer r = new SaveTextRulesRenderer();
        List<String> out = new ArrayList<>();
        for (RuleEntry e : entries) {
            out.add(e.table().text() + " -A " + e.chain() + " " + r.spec(e.rule()));
        }
        return out;
    }

    @Test
    void defaultNetworkIsDockersRuleSetInOwnedChains() {
        assertThat(lines(NetworkRules.of(network(true, true, false)))).containsExactly(
                "filter -A NETPLUGIN-ISOLATION-STAGE-1 -i br-x.y_z ! -o br-x.y_z " + NET + " -j NETPLUGIN-ISOLATION-STAGE-2",
                "filter -A NETPLUGIN-ISOLATION-STAGE-2 -o br-x.y_z " + NET + " -j DROP",
                "filter -A NETPLUGIN-FORWARD -o br-x.y_z -m conntrack --ctstate RELATED,ESTABLISHED " + NET + " -j ACCEPT",
                "filter -A NETPLUGIN-FORWARD -o br-x.y_z " + NET + " -j NETPLUGIN",
                "filter -A NETPLUGIN-FORWARD -i br-x.y_z ! -o br-x.y_z " + NET + " -j ACCEPT",
                "filter -A NETPLUGIN-FORWARD -i br-x.y_z -o br-x.y_z " + NET + " -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.0/16 ! -o br-x.y_z " + NET + " -j MASQUERADE",
                "nat -A NETPLUGIN-POSTROUTING -o br-x.y_z -m addrtype --src-type LOCAL " + NET + " -j MASQUERADE");
    }

    @Test
    void iccOffMasqueradeOffAndInternal() {
        assertThat(lines(NetworkRules.of(network(false, false, false))))
                .contains("filter -A NETPLUGIN-FORWARD -i br-x.y_z -o br-x.y_z " + NET + " -j DROP")
                .noneMatch(l -> l.contains("-s 172.20.0.0/16 ! -o br-x.y_z"));
        assertThat(lines(NetworkRules.of(network(true, true, true)))).containsExactly(
                "filter -A NETPLUGIN-ISOLATION-STAGE-1 ! -s 172.20.0.0/16 -o br-x.y_z " + NET + " -j DROP",
                "filter -A NETPLUGIN-ISOLATION-STAGE-1 ! -d 172.20.0.0/16 -i br-x.y_z " + NET + " -j DROP",
                "filter -A NETPLUGIN-FORWARD -i br-x.y_z -o br-x.y_z " + NET + " -j ACCEPT");
    }

    @Test
    void eachPortIsDnatAcceptAndHairpinMasquerade() {
        EndpointState e = new EndpointState("e0123456789abcdef", "abcdef0123456789", "172.20.0.2/16",
                "02:42:ac:14:00:02", "npve", "npce", null, List.of(
                new PortMapping("udp", "10.0.0.1", 53, "172.20.0.2", 5353),
                new PortMapping("sctp", null, 9000, "172.20.0.2", 9000)));
        assertThat(lines(PortRules.of(network(true, true, false), e))).containsExactly(
                "nat -A NETPLUGIN -d 10.0.0.1/32 -p udp -m udp --dport 53 " + EP + " -j DNAT --to-destination 172.20.0.2:5353",
                "filter -A NETPLUGIN -d 172.20.0.2/32 ! -i br-x.y_z -o br-x.y_z -p udp -m udp --dport 5353 " + EP + " -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.2/32 -d 172.20.0.2/32 -p udp -m udp --dport 5353 " + EP + " -j MASQUERADE",
                "nat -A NETPLUGIN -p sctp -m multiport --dports 9000 " + EP + " -j DNAT --to-destination 172.20.0.2:9000",
                "filter -A NETPLUGIN -d 172.20.0.2/32 ! -i br-x.y_z -o br-x.y_z -p sctp -m multiport --dports 9000 " + EP + " -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.2/32 -d 172.20.0.2/32 -p sctp -m multiport --dports 9000 " + EP + " -j MASQUERADE");
    }

    @Test
    void deleteIsTheAddInReverseGroupedByTable() {
        List<RuleEntry> rules = NetworkRules.of(network(true, true, false));
        SaveTextRulesRenderer r = new SaveTextRulesRenderer();
        String add = r.changes(rules, true);
        String del = r.changes(rules, false);
        assertThat(add).startsWith("*filter\n-A NETPLUGIN-ISOLATION-STAGE-1 ").contains("COMMIT\n*nat\n");
        assertThat(del).startsWith("*nat\n-D NETPLUGIN-POSTROUTING -o br-x.y_z -m addrtype");
        assertThat(del.replace("-D ", "-A ").lines().filter(l -> l.startsWith("-A")).sorted().toList())
                .isEqualTo(add.lines().filter(l -> l.startsWith("-A")).sorted().toList());
        assertThat(r.replaceOwned(rules)).startsWith("*filter\n:NETPLUGIN-FORWARD - [0:0]\n:NETPLUGIN - [0:0]\n");
    }

    @Test
    void manyPortsOfOneProtocolShareMultiportAcceptAndHairpinRules() {
        List<PortMapping> ports = new ArrayList<>();
        for (int p = 20000; p < 20040; p++) {
            ports.add(new PortMapping("tcp", null, p, "172.20.0.2", p));
        }
        for (int p = 100; p < 130; p += 2) {
            ports.add(new PortMapping("tcp", null, 40000 + p, "172.20.0.2", p));
        }
        ports.add(new PortMapping("tcp", null, 40999, "172.20.0.2", 20000));
        EndpointState e = new EndpointState("e0123456789abcdef", "abcdef0123456789", "172.20.0.2/16", "02:42:ac:14:00:02",
                "npve0123456789a", "npce0123456789a", null, ports);
        List<String> lines = lines(PortRules.of(network(true, true, false), e));
        assertThat(lines.stream().filter(l -> l.contains("-j DNAT")).count()).isEqualTo(56);
        // Container ports 100,102,...,128 and 20000:20039 (20000 twice): 16 slots, so two rules of each.
        assertThat(lines.stream().filter(l -> !l.contains("-j DNAT")).toList()).containsExactly(
                "filter -A NETPLUGIN -d 172.20.0.2/32 ! -i br-x.y_z -o br-x.y_z -p tcp -m multiport --dports "
                        + "100,102,104,106,108,110,112,114,116,118,120,122,124,126,128 " + EP + " -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.2/32 -d 172.20.0.2/32 -p tcp -m multiport --dports "
                        + "100,102,104,106,108,110,112,114,116,118,120,122,124,126,128 " + EP + " -j MASQUERADE",
                "filter -A NETPLUGIN -d 172.20.0.2/32 ! -i br-x.y_z -o br-x.y_z -p tcp -m multiport --dports "
                        + "20000:20039 " + EP + " -j ACCEPT",
                "nat -A NETPLUGIN-POSTROUTING -s 172.20.0.2/32 -d 172.20.0.2/32 -p tcp -m multiport --dports "
                        + "20000:20039 " + EP + " -j MASQUERADE");
    }
}
