package io.bridgelab.netfilter.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @Test
    void macRoundTripsThroughTextAndBytes() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
        assertThat(mac.toString()).isEqualTo("02:42:ac:11:00:02");
        byte[] b = new byte[8];
        mac.write(b, 1);
        assertThat(MacAddress.read(b, 1)).isEqualTo(mac);
        assertThat(mac.isMulticast()).isFalse();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
    }

    /** The hand-written equals and hashCode are the records' own: by value, and the same hash as before. */
    @Test
    void addressesCompareAndHashByValueAsRecordsDo() {
        for (long bits : new long[] {0L, 1L, 0x0242ac110002L, 0xffff_ffff_ffffL, 0x8000_0000_0001L}) {
            MacAddress mac = new MacAddress(bits);
            assertThat(mac).isEqualTo(new MacAddress(bits)).isNotEqualTo(new MacAddress(bits ^ 1));
            assertThat(mac.hashCode()).isEqualTo(Long.hashCode(bits));
            assertThat(mac.equals(null)).isFalse();
        }
        for (int bits : new int[] {0, 1, 0xac110004, -1, Integer.MIN_VALUE}) {
            Ipv4Address ip = new Ipv4Address(bits);
            assertThat(ip).isEqualTo(new Ipv4Address(bits)).isNotEqualTo(new Ipv4Address(bits ^ 1));
            assertThat(ip.hashCode()).isEqualTo(Integer.hashCode(bits));
            assertThat(ip.equals(null)).isFalse();
            assertThat(ip.equals(new MacAddress(bits & 0xffffL))).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:42:ac:11:00", "02:42:ac:11:00:02:03", "02:42:ac:11:00:zz", "002:42:ac:11:00:02",
            "+f:42:ac:11:00:02", "02:-1:ac:11:00:02", "02:42:ac:11:00:\uff10\uff11"})
    void badMacsAreRejectedWithTheText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void ipv4ParsesStrictly() {
        assertThat(Ipv4Address.parse("172.17.0.4")).isEqualTo(Ipv4Address.of(172, 17, 0, 4));
        assertThat(Ipv4Address.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
        assertThat(Ipv4Address.parse("127.0.0.1").isLoopback()).isTrue();
        byte[] b = new byte[4];
        Ipv4Address.parse("192.168.1.10").write(b, 0);
        assertThat(Ipv4Address.read(b, 0)).isEqualTo(Ipv4Address.parse("192.168.1.10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "1.2.3.", " 1.2.3.4", "1.2.3.-4", "a.b.c.d"})
    void badIpv4IsRejected(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.010", "10.00.0.1"})
    void aPartWithALeadingZeroIsRefusedAsTheToolsReadItAsOctal(String text) {
        // iptables -s 010.0.0.1 and ip addr add 010.0.0.1/8 both mean 8.0.0.1.
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leading zero").hasMessageContaining(text);
        assertThat(Ipv4Address.parse("10.0.0.0")).isEqualTo(Ipv4Address.of(10, 0, 0, 0));
    }

    @Test
    void ipv4OrdersUnsigned() {
        assertThat(Ipv4Address.parse("200.0.0.1")).isGreaterThan(Ipv4Address.parse("100.0.0.1"));
    }

    @Test
    void cidrKeepsOnlyNetworkBitsLikeIptables() {
        assertThat(Cidr.parse("172.17.0.5/16").toString()).isEqualTo("172.17.0.0/16");
        assertThat(Cidr.parse("172.17.0.5").toString()).isEqualTo("172.17.0.5/32");
        assertThat(Cidr.parse("10.0.0.0/255.0.0.0")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("0.0.0.0/0").contains(Ipv4Address.parse("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("172.17.0.0/16").contains(Ipv4Address.parse("172.18.0.1"))).isFalse();
        assertThat(Cidr.parse("172.17.0.0/16").broadcast()).isEqualTo(Ipv4Address.parse("172.17.255.255"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/a", "10.0.0.0/255.0.255.0", "10.0.0/8"})
    void badCidrIsRejected(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesCompareByContent() {
        assertThat(Bytes.ofHex("0102")).isEqualTo(Bytes.copyOf(new byte[] {1, 2}));
        byte[] source = {1, 2};
        Bytes b = Bytes.copyOf(source);
        source[0] = 9;
        assertThat(b.get(0)).isEqualTo(1);
    }
}
