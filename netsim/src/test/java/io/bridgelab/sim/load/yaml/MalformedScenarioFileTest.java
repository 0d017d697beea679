package io.bridgelab.sim.load.yaml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every mistake names the file, the line and column, the field, and what was expected. */
class MalformedScenarioFileTest {
    private static final Path F = Path.of("bad.yaml");

    private static ScenarioFileException error(String yaml) {
        ScenarioFileException e = catchThrowableOfType(ScenarioFileException.class,
                () -> ScenarioFileLoader.parse(F, yaml));
        assertThat(e).as("an error for:\n" + yaml).isNotNull();
        assertThat(e.file()).isEqualTo(F);
        return e;
    }

    private static final String TWO = """
            namespaces:
              - name: a
                interfaces:
                  - name: eth0
                    peer: b:eth0
              - name: b
                interfaces:
                  - name: eth0
            """;

    @Test
    void unknownKeyIsNamedWithItsPlaceAndTheKeysAllowed() {
        ScenarioFileException e = error(TWO.replace("    peer: b:eth0", "    peer: b:eth0\n        adress: 1.2.3.4/24"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.column()).isEqualTo(9);
        assertThat(e.field()).isEqualTo("namespaces[0].interfaces[0].adress");
        assertThat(e.getMessage()).startsWith("bad.yaml:6:9: namespaces[0].interfaces[0].adress: unknown key 'adress'")
                .contains("addresses");
    }

    @Test
    void unknownTopLevelKey() {
        ScenarioFileException e = error("namespace:\n  - name: a\n");
        assertThat(e.getMessage()).startsWith("bad.yaml:1:1: namespace: unknown key 'namespace'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/33       | prefix",
            "10.0.0.256/24     | IPv4",
            "10.0.0.1          | ADDRESS/PREFIXLEN",
            "10.0.0.1/x        | ADDRESS/PREFIXLEN",
            "10.0.0.1/24 brd   | optionally followed by 'brd +' or 'brd ADDRESS'",
            "10.0.0.1/24 bcast + | optionally followed by 'brd +' or 'brd ADDRESS'",
            "10.0.0.1/24 brd 10.0.0 | expected 'brd +' or 'brd ADDRESS'",
            "10.0.0.1/24 brd + x | optionally followed by 'brd +' or 'brd ADDRESS'"})
    void badInterfaceAddress(String address, String expected) {
        ScenarioFileException e = error(TWO.replace("    peer: b:eth0", "    peer: b:eth0\n        addresses: ["
                + address + "]"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("namespaces[0].interfaces[0].addresses[0]");
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void txChecksumOffloadMustBeABoolean() {
        ScenarioFileException e = error(TWO.replace("    peer: b:eth0", "    peer: b:eth0\n        tx_checksum_offload: enabled"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("namespaces[0].interfaces[0].tx_checksum_offload");
        assertThat(e.getMessage()).contains("expected true or false, got 'enabled'");
    }

    @Test
    void badRouteCidr() {
        ScenarioFileException e = error(TWO + "    routes:\n      - {to: 10.1.0.0/40, dev: eth0}\n");
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.field()).isEqualTo("namespaces[1].routes[0].to");
        assertThat(e.getMessage()).contains("expected a prefix like 172.17.0.0/16", "over 32");
    }

    @Test
    void vethPeerMissing() {
        ScenarioFileException noNs = error(TWO.replace("peer: b:eth0", "peer: c:eth0"));
        assertThat(noNs.getMessage()).startsWith("bad.yaml:5:15: namespaces[0].interfaces[0].peer: peer c:eth0 does"
                + " not exist: no namespace named c");
        ScenarioFileException noIf = error(TWO.replace("peer: b:eth0", "peer: b:eth1"));
        assertThat(noIf.getMessage()).contains("namespace b has no interface eth1");
        ScenarioFileException none = error(TWO.replace("        peer: b:eth0\n", ""));
        assertThat(none.line()).isEqualTo(4);
        assertThat(none.getMessage()).contains("veth a:eth0 has no peer");
        ScenarioFileException bad = error(TWO.replace("peer: b:eth0", "peer: b-eth0"));
        assertThat(bad.getMessage()).contains("expected NAMESPACE:INTERFACE");
    }

    @Test
    void pairsThatDisagreeOrShareAnEnd() {
        String three = TWO + """
                  - name: c
                    interfaces:
                      - name: eth0
                        peer: b:eth0
                """;
        assertThat(error(three).getMessage()).contains("b:eth0 is already the peer of a:eth0");
        String mismatch = """
                namespaces:
                  - name: a
                    interfaces:
                      - {name: eth0, peer: "b:eth0"}
                  - name: b
                    interfaces:
                      - {name: eth0, kind: wire}
                """;
        assertThat(error(mismatch).getMessage()).contains("a:eth0 is a veth but its peer b:eth0 is a wire");
    }

    @Test
    void duplicateNames() {
        ScenarioFileException ns = error(TWO + "  - name: a\n");
        assertThat(ns.line()).isEqualTo(9);
        assertThat(ns.getMessage()).contains("namespace a is declared twice (first on line 2)");
        ScenarioFileException iface = error(TWO + "      - name: eth0\n");
        assertThat(iface.getMessage()).contains("interface eth0 is declared twice in namespace b");
        ScenarioFileException key = error("namespaces: []\nnamespaces: []\n");
        assertThat(key.getMessage()).startsWith("bad.yaml:2:1: namespaces: key 'namespaces' written twice");
        ScenarioFileException index = error(TWO + "      - {name: eth1, ifindex: 2, peer: 'a:eth9'}\n");
        assertThat(index.getMessage()).contains("ifindex 2 is already eth0's");
    }

    @Test
    void wrongShapesAndValues() {
        assertThat(error("- a\n- b\n").getMessage()).contains("expected a mapping");
        assertThat(error("namespaces: {name: a}\n").getMessage()).contains("namespaces: expected a list");
        assertThat(error("namespaces: []\n").getMessage()).contains("the list is empty");
        assertThat(error("").getMessage()).startsWith("bad.yaml:1:1: the file is empty");
        assertThat(error("name: x\n").getMessage()).contains("missing required key 'namespaces'");
        assertThat(error(TWO.replace("peer: b:eth0", "peer: b:eth0\n        hairpin: maybe")).getMessage())
                .contains("hairpin is a bridge port option");
        assertThat(error(TWO + "    sysctls: {rp_filter: 3}\n").getMessage()).contains("rp_filter: out of 0..2: 3");
        assertThat(error(TWO + "    sysctls: {ip_forward: maybe}\n").getMessage())
                .contains("expected true or false, got 'maybe'");
        assertThat(error(TWO + "    routes: [{to: default, via: 10.9.9.9}]\n").getMessage())
                .contains("gateway 10.9.9.9 is on no subnet of namespace b");
        assertThat(error(TWO + "    routes: [{to: 10.1.0.0/16, type: blackhole, dev: eth0}]\n").getMessage())
                .contains("routes[0].dev: a blackhole route has no gateway and no device (Linux: Gateway, device and"
                        + " multipath can not be specified for this route type)");
        assertThat(error(TWO + "    routes: [{to: 10.1.0.0/16, type: local, dev: eth0}]\n").getMessage())
                .contains("routes[0].type: route type 'local' is not one of unicast, unreachable, prohibit,");
        assertThat(error(TWO + "    routes: [{to: 10.1.0.0/16, type: unreachable}, {to: 10.1.0.0/16, type: prohibit}]\n")
                .getMessage()).contains("a route to 10.1.0.0/16 with metric 0 is written already");
        assertThat(error(TWO + "    iptables: \"*filter\\n-A NOPE -j ACCEPT\\nCOMMIT\\n\"\n").getMessage())
                .startsWith("bad.yaml:9:15: namespaces[1].iptables: iptables-save text, line 2");
        assertThat(error(TWO + "    docker: {bridge: docker0}\n").getMessage())
                .contains("no bridge named 'docker0' in namespace b");
        String bridged = TWO + "      - {name: docker0, kind: bridge, addresses: [172.17.0.1/16]}\n";
        assertThat(error(bridged + "    docker:\n      publish: [{container: 10.9.9.9, host_port: 80, port: 80}]\n")
                .getMessage()).contains("namespaces[1].docker.publish[0].container: 10.9.9.9 is not in the bridge's"
                + " subnet 172.17.0.0/16");
        assertThat(error(TWO + "trace: {from: zz, to: 1.2.3.4:80}\n").getMessage())
                .contains("trace.from: no namespace named 'zz'");
        assertThat(error(TWO + "trace: {from: a, to: 1.2.3.4}\n").getMessage()).contains("expected IP:PORT for tcp");
        assertThat(error("namespaces: [{name: 'a b'}]\n").getMessage()).contains("'a b' is not a valid name");
        assertThat(error("namespaces: [{name: a, interfaces: [{name: lo}]}]\n").getMessage())
                .contains("lo is in every namespace already");
        assertThat(error(TWO.replace("peer: b:eth0", "peer: b:eth0\n        txqueuelen: -1")).getMessage())
                .contains("txqueuelen").contains("-1");
    }

    @Test
    void anIptablesErrorInALiteralBlockIsPlacedOnItsLineOfTheFile(@TempDir Path tmp) throws Exception {
        ScenarioFileException e = error(TWO + """
                    iptables: |
                      *filter
                      -A INPUT -j FOO
                      COMMIT
                """);
        assertThat(e.line()).isEqualTo(11);
        assertThat(e.column()).isEqualTo(6 + 13);
        assertThat(e.getMessage()).contains("namespaces[1].iptables: iptables-save text, line 2, column 13 ('FOO')");
        Path rules = tmp.resolve("rules.txt");
        Files.writeString(rules, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j FOO\nCOMMIT\n");
        ScenarioFileException inFile = catchThrowableOfType(ScenarioFileException.class, () -> ScenarioFileLoader.parse(
                tmp.resolve("s.yaml"), TWO + "    iptables_file: rules.txt\n"));
        assertThat(inFile.file()).isEqualTo(rules);
        assertThat(inFile.line()).isEqualTo(3);
    }

    @Test
    void syntaxErrorsCarryTheParsersPlace() {
        ScenarioFileException e = error("namespaces:\n  - name: a\n    interfaces: [ {name: x\n");
        assertThat(e.line()).isGreaterThanOrEqualTo(3);
        assertThat(e.getMessage()).contains("not valid YAML");
        ScenarioFileException tab = error("namespaces:\n\t- name: a\n");
        assertThat(tab.line()).as(tab.getMessage()).isEqualTo(2);
    }

    /** Namespace b has eth0 10.0.0.1/8 and eth1 10.1.0.1/16 (its peers in a); its routes follow this text. */
    static final String ROUTED = """
            namespaces:
              - name: a
                interfaces:
                  - {name: eth0, peer: "b:eth0"}
                  - {name: eth1, peer: "b:eth1"}
              - name: b
                interfaces:
                  - {name: eth0, addresses: [10.0.0.1/8]}
                  - {name: eth1, addresses: [10.1.0.1/16]}
                routes:
            """;

    @Test
    void yamlAliasesAndAnchorsAreRefusedWhereTheyStand() {
        ScenarioFileException alias = error("""
                namespaces:
                  - name: a
                    listen: [{port: 80, response: &page "hi"}, {port: 8080, response: *page}]
                """);
        assertThat(alias.getMessage()).startsWith("bad.yaml:3:71: namespaces[0].listen[1].response: YAML aliases"
                + " (*page) are not supported: write the value out (its anchor is on line 3)");
        ScenarioFileException from = error(TWO + "trace: {from: *c, to: 1.2.3.4:80}\n");
        assertThat(from.getMessage()).contains("trace.from: YAML aliases (*c) are not supported");
        ScenarioFileException scalarAnchor = error(TWO.replace("peer: b:eth0", "peer: &p b:eth0"));
        assertThat(scalarAnchor.getMessage()).startsWith("bad.yaml:5:15: namespaces[0].interfaces[0].peer: YAML"
                + " anchors (&p) are not supported");
        ScenarioFileException mappingAnchor = error("namespaces:\n  - &ns\n    name: a\n");
        assertThat(mappingAnchor.getMessage()).startsWith("bad.yaml:2:5: namespaces[0]: YAML anchors (&ns)");
        ScenarioFileException keyAnchor = error("namespaces:\n  - &k name: a\n");
        assertThat(keyAnchor.getMessage()).startsWith("bad.yaml:2:5: namespaces[0].name: YAML anchors (&k)");
        ScenarioFileException tagged = error("namespaces:\n  - name: !!str &n a\n");
        assertThat(tagged.getMessage()).contains("namespaces[0].name: YAML anchors (&n)");
    }

    @Test
    void aGatewayMustBeOnTheGivenDeviceAndNotLocalNorBroadcast() {
        ScenarioFileException offDev = error(ROUTED + "      - {to: default, via: 10.1.0.2, dev: eth9}\n");
        assertThat(offDev.getMessage()).contains("no interface 'eth9'");
        ScenarioFileException other = error(ROUTED.replace("10.0.0.1/8", "192.168.0.1/24")
                + "      - {to: default, via: 10.1.0.2, dev: eth0}\n");
        assertThat(other.getMessage()).startsWith("bad.yaml:11:28: namespaces[1].routes[0].via: gateway 10.1.0.2 is on"
                + " no subnet of eth0 (Linux: Nexthop has invalid gateway)");
        ScenarioFileException own = error(ROUTED + "      - {to: 10.9.0.0/16, via: 10.1.0.1}\n");
        assertThat(own.getMessage()).contains("routes[0].via: gateway 10.1.0.1 is an address of namespace b itself"
                + " (Linux: Nexthop has invalid gateway)");
        assertThat(error(ROUTED + "      - {to: 10.9.0.0/16, via: 127.0.0.1}\n").getMessage())
                .contains("is an address of namespace b itself");
        assertThat(error(ROUTED + "      - {to: 10.9.0.0/16, via: 10.1.255.255}\n").getMessage())
                .contains("gateway 10.1.255.255 is the broadcast address of eth1's 10.1.0.1/16");
    }

    @Test
    void routesTheKernelRefuses() {
        ScenarioFileException src = error(ROUTED + "      - {to: default, via: 10.1.0.2, src: 10.1.0.9}\n");
        assertThat(src.getMessage()).startsWith("bad.yaml:11:43: namespaces[1].routes[0].src: 10.1.0.9 is not an"
                + " address of namespace b (Linux: Invalid prefsrc address)");
        ScenarioFileException hostBits = error(ROUTED + "      - {to: 10.6.0.1/16, via: 10.1.0.2}\n");
        assertThat(hostBits.getMessage()).startsWith("bad.yaml:11:14: namespaces[1].routes[0].to: 10.6.0.1/16 has host"
                + " bits set: did you mean 10.6.0.0/16? (Linux: Invalid prefix for given prefix length)");
        ScenarioFileException twice = error(ROUTED + "      - {to: 10.6.0.0/16, via: 10.1.0.2}\n"
                + "      - {to: 10.6.0.0/16, via: 10.0.0.2, metric: 0}\n");
        assertThat(twice.getMessage()).startsWith("bad.yaml:12:14: namespaces[1].routes[1].to: a route to 10.6.0.0/16"
                + " with metric 0 is written already, on line 11 (Linux: File exists)");
        ScenarioFileException connected = error(ROUTED + "      - {to: 10.1.0.0/16, dev: eth1}\n");
        assertThat(connected.getMessage()).contains("a route to 10.1.0.0/16 with metric 0 is there already: the"
                + " kernel's route for eth1's address 10.1.0.1/16 (Linux: File exists)");
    }

    @Test
    void routingRulesAndTablesTheKernelWouldRefuse() {
        ScenarioFileException local = error(ROUTED + "      - {to: 10.6.0.0/16, via: 10.1.0.2, table: local}\n");
        assertThat(local.getMessage()).startsWith("bad.yaml:11:49: namespaces[1].routes[0].table: table local holds the"
                + " routes the kernel makes for the addresses");
        ScenarioFileException name = error(ROUTED + "      - {to: 10.6.0.0/16, via: 10.1.0.2, table: vpn}\n");
        assertThat(name.getMessage()).contains("routes[0].table: not a routing table: 'vpn'");
        ScenarioFileException sameTable = error(ROUTED + "      - {to: 10.6.0.0/16, via: 10.1.0.2, table: 100}\n"
                + "      - {to: 10.6.0.0/16, via: 10.0.0.2, table: 100}\n");
        assertThat(sameTable.getMessage()).contains("a route to 10.6.0.0/16 with metric 0 is written already in table"
                + " 100, on line 11 (Linux: File exists)");
        String rules = ROUTED.replace("    routes:\n", "    ip_rules:\n");
        assertThat(error(rules + "      - {priority: 10, from: 10.1.0.0/16}\n").getMessage())
                .contains("ip_rules[0]: a rule needs 'lookup: TABLE' or an 'action'");
        assertThat(error(rules + "      - {lookup: 100, action: prohibit}\n").getMessage())
                .contains("ip_rules[0].action: a rule either looks a table up or has an action, not both");
        assertThat(error(rules + "      - {action: drop}\n").getMessage())
                .contains("rule action 'drop' is not one of blackhole, unreachable, prohibit");
        assertThat(error(rules + "      - {fwmark: 0x1/0x2/0x3, lookup: 5}\n").getMessage())
                .contains("fwmark is MARK or MARK/MASK, got '0x1/0x2/0x3'");
        assertThat(error(rules + "      - {fwmark: 0x100000000, lookup: 5}\n").getMessage())
                .contains("not a 32-bit mark: '0x100000000'");
        assertThat(error(rules + "      - {iif: eth9, lookup: 5}\n").getMessage())
                .contains("ip_rules[0].iif: no interface 'eth9' in namespace b");
        assertThat(error(rules + "      - {action: blackhole, suppress_prefixlength: 0}\n").getMessage())
                .contains("suppress_prefixlength is for a rule that looks a table up");
        assertThat(error(rules + "      - {lookup: 5, tos: 16}\n").getMessage()).contains("tos");
    }

    @Test
    void aMetricIsAWholeNumberInTheModelsRange() {
        ScenarioFileException big = error(ROUTED + "      - {to: default, via: 10.1.0.2, metric: 4294967295}\n");
        assertThat(big.getMessage()).contains("routes[0].metric: out of 0..2147483647: 4294967295 (Linux takes"
                + " metrics up to 4294967295; netsim's routes hold up to 2147483647)");
        assertThat(error(ROUTED + "      - {to: default, via: 10.1.0.2, metric: 99999999999999999999}\n").getMessage())
                .contains("metric: out of 0..2147483647: 99999999999999999999");
        assertThat(error(ROUTED + "      - {to: default, via: 10.1.0.2, metric: -1}\n").getMessage())
                .contains("metric: out of 0..2147483647: -1");
        assertThat(error(TWO + "    sysctls: {rp_filter: 99999999999}\n").getMessage())
                .contains("rp_filter: out of 0..2: 99999999999");
    }

    @Test
    void aVethCannotBeItsOwnPeer() {
        ScenarioFileException e = error("namespaces:\n  - name: a\n    interfaces:\n      - {name: eth0, peer: \"a:eth0\"}\n");
        assertThat(e.getMessage()).startsWith("bad.yaml:4:28: namespaces[0].interfaces[0].peer: a:eth0 names itself as"
                + " its peer: a veth joins two different interfaces");
    }

    @Test
    void anAddressTwiceOnOneInterface() {
        ScenarioFileException e = error(TWO.replace("peer: b:eth0", "peer: b:eth0\n        addresses: [10.0.0.1/24,"
                + " 10.0.0.1/24]"));
        assertThat(e.getMessage()).startsWith("bad.yaml:6:34: namespaces[0].interfaces[0].addresses[1]: 10.0.0.1/24 is"
                + " on eth0 already (ip addr add: RTNETLINK answers: File exists)");
        // Another broadcast address does not make it another address.
        assertThat(error(TWO.replace("peer: b:eth0", "peer: b:eth0\n        addresses: [10.0.0.1/24,"
                + " 10.0.0.1/24 brd +]")).getMessage()).contains("10.0.0.1/24 is on eth0 already");
    }

    @Test
    void socketsThatCannotBindAndNeighboursWrittenTwice() {
        String withAddress = TWO + "        addresses: [10.0.0.2/24]\n";
        ScenarioFileException same = error(withAddress + "    listen: [{port: 80}, {port: 80, address: 10.0.0.2}]\n");
        assertThat(same.getMessage()).startsWith("bad.yaml:10:33: namespaces[1].listen[1].port: tcp port 80 on 10.0.0.2"
                + " is taken by the socket on line 10 (tcp 0.0.0.0:80; bind: EADDRINUSE)");
        assertThat(error(withAddress + "    listen: [{port: 53, proto: udp}, {port: 53, proto: udp}]\n").getMessage())
                .contains("udp port 53 on 0.0.0.0 is taken");
        assertThat(error(withAddress + "    listen: [{port: 53, proto: udp, backlog: 5}]\n").getMessage())
                .contains("listen[0].backlog: a backlog is a listening TCP socket's");
        assertThat(error(withAddress + "    listen: [{port: 80, backlog: 70000}]\n").getMessage())
                .contains("listen[0].backlog").contains("65535");
        ScenarioFileException notMine = error(withAddress + "    listen: [{port: 80, address: 10.0.0.3}]\n");
        assertThat(notMine.getMessage()).startsWith("bad.yaml:10:34: namespaces[1].listen[0].address: 10.0.0.3 is not"
                + " an address of namespace b (bind: EADDRNOTAVAIL)");
        ScenarioFileException neigh = error(withAddress + "    neighbours:\n"
                + "      - {dev: eth0, address: 10.0.0.9, mac: \"02:00:00:00:00:09\"}\n"
                + "      - {dev: eth0, address: 10.0.0.9, mac: \"02:00:00:00:00:0a\"}\n");
        assertThat(neigh.getMessage()).startsWith("bad.yaml:12:30: namespaces[1].neighbours[1].address: a neighbour"
                + " 10.0.0.9 on eth0 is written already, on line 11 (ip neigh add: File exists)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "01:00:5e:00:00:01 | a multicast address",
            "ff:ff:ff:ff:ff:ff | the broadcast address",
            "00:00:00:00:00:00 | all zero"})
    void anInterfaceMacIsUnicastAndNotZero(String mac, String why) {
        ScenarioFileException e = error(TWO.replace("    peer: b:eth0", "    peer: b:eth0\n        mac: \"" + mac
                + "\""));
        assertThat(e.getMessage()).startsWith("bad.yaml:6:14: namespaces[0].interfaces[0].mac: " + mac + " is " + why
                + ", not an interface's unicast MAC (Linux: Cannot assign requested address)");
    }

    @Test
    void anErrorInALiteralBlockThatStartsBlankOrHasAnIndentationIndicator() {
        ScenarioFileException blank = error(TWO + """
                    iptables: |

                      *filter
                      -A INPUT -j FOO
                      COMMIT
                """);
        assertThat(blank.line()).isEqualTo(12);
        assertThat(blank.column()).isEqualTo(6 + 13);
        ScenarioFileException indicated = error(TWO + """
                    iptables: |2
                        *filter
                        -A INPUT -j FOO
                        COMMIT
                """);
        // |2 under 'iptables' (indented 4): the text keeps the two spaces past column 6.
        assertThat(indicated.line()).isEqualTo(11);
        assertThat(indicated.column()).isEqualTo(6 + 15);
        assertThat(indicated.getMessage()).contains("line 2, column 15");
    }

    @Test
    void aTraceSourceMustBeAnAddressOfItsNamespace() {
        ScenarioFileException e = error(TWO.replace("    peer: b:eth0", "    peer: b:eth0\n        addresses: [10.0.0.1/24]")
                + "trace: {from: a, source: 10.0.0.99, to: 10.0.0.2:80}\n");
        assertThat(e.getMessage()).startsWith("bad.yaml:10:26: trace.source: a has no address 10.0.0.99 (bind() would"
                + " fail with EADDRNOTAVAIL)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'.'   | 4:16",
            "'..'  | 4:16"})
    void dotAndDotDotAreNotInterfaceNames(String name, String place) {
        ScenarioFileException e = error("namespaces:\n  - name: a\n    interfaces:\n      - {name: " + name
                + ", kind: bridge}\n");
        assertThat(e.getMessage()).startsWith("bad.yaml:" + place + ": namespaces[0].interfaces[0].name: '" + name
                + "' is not a valid name (Linux refuses . and ..)");
        assertThat(error("namespaces: [{name: '..'}]\n").getMessage()).contains("not a valid name");
    }

    @Test
    void aTracesPortIsDigitsAndIcmpHasNone() {
        assertThat(error(TWO + "trace: {from: a, to: 10.0.0.1:+80}\n").getMessage())
                .contains("trace.to: not a port: '+80'");
        assertThat(error(TWO + "trace: {from: a, to: 10.0.0.1:80, proto: icmp}\n").getMessage())
                .startsWith("bad.yaml:9:22: trace.to: an icmp echo has no port: write just the address, '10.0.0.1'");
    }

    @Test
    void aTracesSizeIsInItsProtocolsRange() {
        assertThat(error(TWO + "trace: {from: a, to: 10.0.0.1:80, size: 0}\n").getMessage())
                .startsWith("bad.yaml:9:41: trace.size: out of 1..65535: 0");
        assertThat(error(TWO + "trace: {from: a, to: 10.0.0.1:80, proto: udp, size: 27}\n").getMessage())
                .startsWith("bad.yaml:9:53: trace.size: out of 28..65535: 27");
        assertThat(error(TWO + "trace: {from: a, to: 10.0.0.1:80, size: big}\n").getMessage())
                .startsWith("bad.yaml:9:41: trace.size: expected a whole number, got 'big'");
    }

    /** Every prefix of the shipped example loads or fails with a located ScenarioFileException, never anything else. */
    @Test
    void everyTruncationOfTheExampleFailsCleanly() throws Exception {
        String text = Files.readString(ScenarioFileLoaderTest.EXAMPLE);
        long lines = text.lines().count();
        int failures = 0;
        for (int n = 0; n < text.length(); n++) {
            String prefix = text.substring(0, n);
            try {
                ScenarioFileLoader.parse(F, prefix);
            } catch (ScenarioFileException e) {
                failures++;
                assertThat(e.line()).as("line of the error at prefix " + n).isBetween(1, (int) lines + 1);
                assertThat(e.getMessage()).startsWith("bad.yaml:");
            }
        }
        assertThat(failures).isGreaterThan(text.length() * 9 / 10);
        assertThatThrownBy(() -> ScenarioFileLoader.parse(F, text.substring(0, text.indexOf("  - name: test1"))))
                .hasMessageContaining("peer test1:eth0 does not exist: no namespace named test1");
    }
}
