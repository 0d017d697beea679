package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.sim.world.RouteTable;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandParserTest {
    private static ShellCommand parse(String line) {
        return CommandParser.parse(Arrays.asList(line.split(" ")));
    }

    @Test
    void iproute2AbbreviationsAndFiltersParse() {
        assertThat(parse("ip a")).isEqualTo(new ShellCommand.IpAddrShow(null));
        assertThat(parse("ip addr show dev docker0")).isEqualTo(new ShellCommand.IpAddrShow("docker0"));
        assertThat(parse("ip address s eth0")).isEqualTo(new ShellCommand.IpAddrShow("eth0"));
        assertThat(parse("ip l")).isEqualTo(new ShellCommand.IpLinkShow(null));
        assertThat(parse("ip link show veth0")).isEqualTo(new ShellCommand.IpLinkShow("veth0"));
        assertThat(parse("ip r")).isEqualTo(new ShellCommand.IpRouteShow(RouteTable.MAIN));
        assertThat(parse("ip route show table all")).isEqualTo(new ShellCommand.IpRouteShow(null));
        assertThat(parse("ip route list table local")).isEqualTo(new ShellCommand.IpRouteShow(RouteTable.LOCAL));
        assertThat(parse("ip neigh")).isEqualTo(new ShellCommand.IpNeighShow(null));
        assertThat(parse("ip neighbor show dev eth0")).isEqualTo(new ShellCommand.IpNeighShow("eth0"));
        assertThat(parse("route -n")).isEqualTo(new ShellCommand.RouteNumeric());
    }

    @Test
    void bridgeToolsConntrackAndSysfsParse() {
        assertThat(parse("brctl show")).isEqualTo(new ShellCommand.BrctlShow());
        assertThat(parse("brctl showmacs docker0")).isEqualTo(new ShellCommand.BrctlShowmacs("docker0"));
        assertThat(parse("bridge fdb")).isEqualTo(new ShellCommand.BridgeFdbShow());
        assertThat(parse("bridge fdb show")).isEqualTo(new ShellCommand.BridgeFdbShow());
        assertThat(parse("conntrack -L")).isEqualTo(new ShellCommand.ConntrackList());
        assertThat(parse("cat /sys/class/net/eth0/iflink /sys/class/net/lo/ifindex"))
                .isEqualTo(new ShellCommand.SysfsRead(List.of("/sys/class/net/eth0/iflink", "/sys/class/net/lo/ifindex")));
    }

    @Test
    void iptablesOptionsParseInTheirClusteredAndLongSpellings() {
        assertThat(parse("iptables -nvL")).isEqualTo(new ShellCommand.IptablesList(TableName.FILTER, null, true, false));
        assertThat(parse("iptables -t nat -nvL DOCKER"))
                .isEqualTo(new ShellCommand.IptablesList(TableName.NAT, "DOCKER", true, false));
        assertThat(parse("iptables -tnat -L -n")).isEqualTo(new ShellCommand.IptablesList(TableName.NAT, null, false, false));
        assertThat(parse("iptables --table mangle --list --numeric --verbose --exact"))
                .isEqualTo(new ShellCommand.IptablesList(TableName.MANGLE, null, true, true));
        assertThat(parse("iptables -S FORWARD")).isEqualTo(new ShellCommand.IptablesSpec(TableName.FILTER, "FORWARD"));
        assertThat(parse("iptables -t nat --list-rules")).isEqualTo(new ShellCommand.IptablesSpec(TableName.NAT, null));
        assertThat(parse("iptables-save")).isEqualTo(new ShellCommand.IptablesSave(false, null));
        assertThat(parse("iptables-save -c -t nat")).isEqualTo(new ShellCommand.IptablesSave(true, TableName.NAT));
    }

    @Test
    void anythingElseIsUnsupportedWithTheCommandAndTheSupportedListInOneLine() {
        for (String line : List.of("ss -x", "ip -6 route", "ip route get 1.1.1.1", "iptables -L", "iptables -A INPUT -j DROP",
                "iptables -t bogus -nvL", "iptables -nvL -S", "route", "brctl addbr br0", "bridge link",
                "conntrack -E", "cat /etc/passwd", "cat /sys/class/net/eth0/operstate", "ip")) {
            assertThatThrownBy(() -> parse(line)).as(line).isInstanceOf(UnsupportedCommandException.class)
                    .hasMessageStartingWith("unsupported command '" + line + "'")
                    .hasMessageContaining("supported: ip a|addr|link")
                    .hasMessageContaining("conntrack -L")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> CommandParser.parse(List.of())).isInstanceOf(UnsupportedCommandException.class);
    }
}
