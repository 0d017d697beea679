package io.bridgelab.netfilter.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleModelTest {

    @Test
    void interfaceWildcardsMatchPrefixesAndNeverNoInterface() {
        assertThat(new InterfaceName("veth+").matches("veth1a2b")).isTrue();
        assertThat(new InterfaceName("veth+").matches("eth0")).isFalse();
        assertThat(new InterfaceName("+").matches("anything")).isTrue();
        assertThat(new InterfaceName("docker0").matches("docker01")).isFalse();
        assertThat(new InterfaceName("+").matches(null)).isFalse();
        assertThatThrownBy(() -> new InterfaceName("a-name-that-is-too-long")).hasMessageContaining("1..15");
        assertThatThrownBy(() -> new InterfaceName("a b")).hasMessageContaining("invalid character");
    }

    @Test
    void portRangesValidateAndFormat() {
        assertThat(new PortRange(9000, 9001).toString()).isEqualTo("9000:9001");
        assertThat(new PortRange(9000, 9001).format('-')).isEqualTo("9000-9001");
        assertThat(PortRange.single(80).toString()).isEqualTo("80");
        assertThatThrownBy(() -> new PortRange(1, 70000)).hasMessageContaining("65535");
        assertThatThrownBy(() -> new PortRange(10, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markTargetIsXorUnderMask() {
        MarkTarget setMark = new MarkTarget(0x1, 0xffffffffL);
        assertThat(setMark.apply(0x1234)).isEqualTo(0x1);
        MarkTarget orMark = new MarkTarget(0x10, 0x10);
        assertThat(orMark.apply(0x3)).isEqualTo(0x13);
        assertThat(new MarkMatch(0x10, 0x10, false).test(0x13)).isTrue();
        assertThat(new MarkMatch(0x10, 0x10, true).test(0x13)).isFalse();
    }

    @Test
    void tablesHoldTheirBuiltinsWithPoliciesAndUserChainsWithout() {
        Table nat = Table.empty(TableName.NAT);
        assertThat(nat.chains()).extracting(Chain::name)
                .containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
        Rule dnat = new Rule(IpHeaderMatch.ANY.withProtocol(Negatable.of(6))
                .withInInterface(Negatable.not(new InterfaceName("docker0"))),
                List.of(TcpMatch.destinationPort(8088)),
                new Dnat(new NatRange(AddressRange.single(Ipv4Address.parse("172.17.0.4")), PortRange.single(80)),
                        false, false));
        Table withDocker = nat.with(Chain.user("DOCKER", List.of(dnat)));
        assertThat(withDocker.chain("DOCKER").rules()).containsExactly(dnat);
        assertThat(((Dnat) dnat.target()).to().toString()).isEqualTo("172.17.0.4:80");
        assertThatThrownBy(() -> nat.with(Chain.builtin("FORWARD", Policy.ACCEPT, List.of())))
                .hasMessageContaining("not a built-in chain of table nat");
        assertThatThrownBy(() -> nat.with(Chain.user("PREROUTING", List.of())))
                .hasMessageContaining("needs a policy");
        assertThat(new Ruleset(List.of(withDocker)).tableOrEmpty(TableName.FILTER).chains()).hasSize(3);
    }

    @Test
    void headerMatchKeepsCidrsNormalised() {
        IpHeaderMatch m = IpHeaderMatch.ANY.withSource(Negatable.of(Cidr.parse("172.17.0.9/16")));
        assertThat(m.source().value().toString()).isEqualTo("172.17.0.0/16");
        assertThat(Negatable.not("x").test(true)).isFalse();
        assertThatThrownBy(() -> Chain.user("bad name", List.of())).hasMessageContaining("invalid character");
    }

    @Test
    void aChainBuiltRuleByRuleEqualsTheChainAppendedToAndDoesNotChangeAfterBuild() {
        List<Rule> rules = new java.util.ArrayList<>();
        for (int port = 1; port <= 50; port++) {
            rules.add(new Rule(IpHeaderMatch.ANY.withProtocol(Negatable.of(6)), List.of(TcpMatch.destinationPort(port)),
                    new Dnat(new NatRange(AddressRange.single(Ipv4Address.parse("172.17.0.4")), PortRange.single(80)),
                            false, false)));
        }
        Chain appended = Chain.user("DOCKER", List.of());
        Chain.Builder builder = Chain.builder("DOCKER", null);
        for (Rule r : rules) {
            appended = appended.append(r);
            builder.append(r);
        }
        Chain built = builder.build();
        assertThat(built).isEqualTo(appended).isEqualTo(Chain.user("DOCKER", rules));
        builder.append(rules.get(0));
        assertThat(built.rules()).hasSize(50);
        assertThat(builder.build().rules()).hasSize(51);

        Chain input = new Chain("INPUT", Policy.DROP, new Counters(3, 180), rules.subList(0, 2));
        assertThat(input.toBuilder().build()).isEqualTo(input);
        assertThat(input.toBuilder().policy(Policy.ACCEPT).policyCounters(Counters.ZERO).append(rules.get(2)).build())
                .isEqualTo(Chain.builtin("INPUT", Policy.ACCEPT, rules.subList(0, 3)));
        assertThatThrownBy(() -> Chain.builder("bad name", null)).hasMessageContaining("invalid character");
        assertThatThrownBy(() -> Chain.builder("X", null).append(null)).isInstanceOf(NullPointerException.class);
    }
}
