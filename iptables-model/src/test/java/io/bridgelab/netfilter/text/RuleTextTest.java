package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule per match/target form: what we parse a line into, written back as iptables-save writes it,
 * and the listing's description text. The expected strings are what iptables 1.8.9 printed for the same
 * input (see rulesets/kernel).
 */
class RuleTextTest {
    private static Rule parse(String table, String chain, String rule) throws ParseException {
        TableName t = TableName.fromText(table);
        StringBuilder text = new StringBuilder("*" + table + "\n");
        if (!t.isBuiltin(chain)) {
            text.append(':').append(chain).append(" - [0:0]\n");
        }
        text.append("-A ").append(chain).append(' ').append(rule).append("\nCOMMIT\n");
        Ruleset r = IptablesSaveParser.parse(text.toString());
        return r.table(t).chain(chain).rules().get(0);
    }

    private static String listing(Rule rule) {
        StringBuilder s = new StringBuilder();
        rule.matches().forEach(m -> s.append(ListText.match(m)));
        return (s + TargetText.list(rule.target())).strip();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "filter|INPUT|-s 10.1.2.3/255.255.0.0 ! -d 1.2.3.4 -j DROP|-s 10.1.0.0/16 ! -d 1.2.3.4/32 -j DROP|",
        "filter|FORWARD|-p 6 -i eth+ ! -o lo -j ACCEPT|-i eth+ ! -o lo -p tcp -j ACCEPT|",
        "filter|INPUT|-p 4 -j ACCEPT|-p ipencap -j ACCEPT|",
        "filter|INPUT|-p all -s 0.0.0.0/0 -i + -j ACCEPT|-j ACCEPT|",
        "filter|INPUT|! -f -p icmp|-p icmp ! -f|",
        "filter|INPUT|-p tcp --dport 1:1023 --sport 80|-p tcp -m tcp --sport 80 --dport 1:1023|tcp spt:80 dpts:1:1023",
        "filter|INPUT|-p tcp ! --dport 22 ! --sport 1:2|-p tcp -m tcp ! --sport 1:2 ! --dport 22|tcp spts:!1:2 dpt:!22",
        "filter|INPUT|-p tcp --syn|-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN|tcp flags:0x17/0x02",
        "filter|INPUT|-p tcp ! --tcp-flags ALL NONE --tcp-option 2|-p tcp -m tcp --tcp-option 2 ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE|tcp option=2 flags:!0x3F/0x00",
        "filter|INPUT|-p tcp --dport 0:65535|-p tcp -m tcp|tcp",
        "filter|INPUT|-p udp --dport 1024: --sport :53|-p udp -m udp --sport 0:53 --dport 1024:65535|udp spts:0:53 dpts:1024:65535",
        "filter|INPUT|-p sctp --dport 132|-p sctp -m sctp --dport 132|sctp dpt:132",
        "filter|INPUT|-p icmp --icmp-type echo-request|-p icmp -m icmp --icmp-type 8|icmptype 8",
        "filter|INPUT|-p icmp ! --icmp-type port-unreachable|-p icmp -m icmp ! --icmp-type 3/3|icmp !type 3 code 3",
        "filter|INPUT|-p icmp --icmp-type any|-p icmp -m icmp --icmp-type any|icmptype 255",
        "filter|INPUT|-p udp -m multiport ! --dports 53,67:68|-p udp -m multiport ! --dports 53,67:68|multiport dports  !53,67:68",
        "filter|INPUT|-m addrtype ! --src-type LOCAL,UNICAST --limit-iface-in|-m addrtype ! --src-type UNICAST,LOCAL --limit-iface-in|ADDRTYPE match src-type !UNICAST,LOCAL limit-in",
        "filter|INPUT|-m conntrack --ctstate DNAT,ESTABLISHED,RELATED|-m conntrack --ctstate RELATED,ESTABLISHED,DNAT|ctstate RELATED,ESTABLISHED,DNAT",
        "filter|INPUT|-m conntrack --ctdir REPLY ! --ctorigdstport 80 --ctproto tcp --ctorigdst 10.0.0.1|-m conntrack --ctproto 6 --ctorigdst 10.0.0.1 ! --ctorigdstport 80 --ctdir REPLY|ctproto 6 ctorigdst 10.0.0.1 ! ctorigdstport 80 ctdir REPLY",
        "filter|INPUT|-m conntrack --ctstatus NONE,ASSURED|-m conntrack --ctstatus ASSURED|ctstatus ASSURED",
        "filter|INPUT|-m state ! --state ESTABLISHED,NEW|-m state ! --state NEW,ESTABLISHED|! state NEW,ESTABLISHED",
        "filter|INPUT|-m mark ! --mark 16/0xf0|-m mark ! --mark 0x10/0xf0|mark match ! 0x10/0xf0",
        "filter|INPUT|-m comment --comment \"it's \\\"x\\\"\"|-m comment --comment \"it\\'s \\\"x\\\"\"|/* it's \"x\" */",
        "filter|INPUT|-m comment --comment -c-|-m comment --comment -c-|/* -c- */",
        "filter|FORWARD|-m physdev --physdev-out veth+ ! --physdev-is-bridged --physdev-is-in|-m physdev --physdev-is-in --physdev-out veth+ ! --physdev-is-bridged|PHYSDEV match --physdev-is-in --physdev-out veth+ ! --physdev-is-bridged",
        "filter|INPUT|-m iprange ! --dst-range 1.1.1.1-1.1.1.9 --src-range 2.2.2.2|-m iprange --src-range 2.2.2.2-2.2.2.2 ! --dst-range 1.1.1.1-1.1.1.9|source IP range 2.2.2.2-2.2.2.2 destination IP range ! 1.1.1.1-1.1.1.9",
        "filter|INPUT|-j REJECT|-j REJECT --reject-with icmp-port-unreachable|reject-with icmp-port-unreachable",
        "filter|INPUT|-p tcp -j REJECT --reject-with tcp-rst|-p tcp -j REJECT --reject-with tcp-reset|reject-with tcp-reset",
        "filter|INPUT|-j LOG --log-level debug --log-uid --log-prefix \"IN: \"|-j LOG --log-prefix \"IN: \" --log-level 7 --log-uid|LOG flags 8 level 7 prefix \"IN: \"",
        "filter|INPUT|-j LOG --log-level warning --log-prefix 0123456789012345678901234567890123|-j LOG --log-prefix 01234567890123456789012345678|LOG flags 0 level 4 prefix \"01234567890123456789012345678\"",
        "nat|PREROUTING|-p tcp --dport 8088 -j DNAT --to-destination 172.17.0.2:80|-p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.2:80|tcp dpt:8088 to:172.17.0.2:80",
        "nat|OUTPUT|-p udp -j DNAT --to-destination 10.0.0.1-10.0.0.1:80-80 --persistent|-p udp -j DNAT --to-destination 10.0.0.1:80 --persistent|to:10.0.0.1:80 persistent",
        "nat|POSTROUTING|-p tcp -j SNAT --to-source 1.2.3.4-1.2.3.8:1000-2000 --persistent --random|-p tcp -j SNAT --to-source 1.2.3.4-1.2.3.8:1000-2000 --random --persistent|to:1.2.3.4-1.2.3.8:1000-2000 random persistent",
        "nat|POSTROUTING|-p tcp -j MASQUERADE --random-fully --to-ports 1024-2000|-p tcp -j MASQUERADE --to-ports 1024-2000 --random-fully|masq ports: 1024-2000 random-fully",
        "nat|OUTPUT|-p tcp -j REDIRECT --to-ports 8080|-p tcp -j REDIRECT --to-ports 8080|redir ports 8080",
        "mangle|PREROUTING|-j MARK --and-mark 0x3|-j MARK --set-xmark 0x0/0xfffffffc|MARK and 0x3",
        "mangle|PREROUTING|-j MARK --set-mark 0x1/0x3|-j MARK --set-xmark 0x1/0x3|MARK xset 0x1/0x3",
        "mangle|PREROUTING|-j CONNMARK --save-mark --mask 0xf|-j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf|CONNMARK save mask 0xf",
        "mangle|PREROUTING|-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff00|-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff00|CONNMARK restore ctmask 0xff00 nfmask ~0xff",
        "mangle|PREROUTING|-j CONNMARK --set-mark 7|-j CONNMARK --set-xmark 0x7/0xffffffff|CONNMARK set 0x7",
        "mangle|POSTROUTING|-p udp --dport 68 -j CHECKSUM --checksum-fill|-p udp -m udp --dport 68 -j CHECKSUM --checksum-fill|udp dpt:68 CHECKSUM fill",
        "raw|PREROUTING|-j CT --notrack|-j CT --notrack|CT notrack",
        "raw|PREROUTING|-j NOTRACK|-j NOTRACK|NOTRACK",
        "raw|PREROUTING|-j CT --zone 0|-j CT|CT",
        "raw|PREROUTING|-p tcp -j CT --zone 3 --helper ftp|-p tcp -j CT --helper ftp --zone 3|CT helper ftp zone 3",
        "raw|PREROUTING|-j TRACE|-j TRACE|",
        "filter|USER|-g USER|-g USER|",
        "filter|USER|-c 7 700|-c 7 700|",
    })
    void parsesWritesAndLists(String table, String chain, String input, String saved, String listed) throws ParseException {
        Rule rule = parse(table, chain, input);
        String expectedSave = saved.equals("-c 7 700") ? "-A " + chain : "-A " + chain + " " + saved;
        assertThat(SaveText.rule(chain, rule)).isEqualTo(expectedSave);
        assertThat(listing(rule)).isEqualTo(listed == null ? "" : listed);
        if (saved.equals("-c 7 700")) {
            assertThat(rule.counters().packets()).isEqualTo(7);
            assertThat(rule.counters().bytes()).isEqualTo(700);
        }
    }

    /**
     * The ports-only modules name their own protocol when the rule's is another: iptables' words for udp; for sctp
     * iptables leaves the check to the kernel, which refuses the rule with EINVAL (malformed/sctp-with-p-udp).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-p tcp -m udp --dport 80|UDP match requires '-p udp'",
        "-p udp -m sctp --dport 80|SCTP match requires '-p sctp'",
        "-m udp --sport 53|UDP match requires '-p udp'",
        "! -p sctp -m sctp --dport 1|SCTP match requires '-p sctp'",
    })
    void portsOnlyModulesRequireTheirProtocol(String rule, String message) {
        assertThatThrownBy(() -> parse("filter", "INPUT", rule)).isInstanceOf(ParseException.class)
                .hasMessageContaining(message);
    }
}
