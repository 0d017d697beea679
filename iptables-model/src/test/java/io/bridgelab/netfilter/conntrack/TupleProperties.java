package io.bridgelab.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** {@link Tuple#isInverseOf} answers what {@code invert().equals(other)} would, for any pair of tuples. */
class TupleProperties {

    @Property(tries = 3000)
    void isInverseOfAgreesWithInvert(@ForAll("tuples") Tuple a, @ForAll("tuples") Tuple b) {
        Tuple inverse = a.invert();
        assertThat(a.isInverseOf(b)).isEqualTo(inverse != null && inverse.equals(b));
        if (inverse != null) {
            assertThat(a.isInverseOf(inverse)).isTrue();
        }
    }

    @Property(tries = 1000)
    void aTupleAndItsInverseAreInversesBothWays(@ForAll("tuples") Tuple a) {
        Tuple inverse = a.invert();
        if (inverse != null && inverse.invert() != null) {
            assertThat(inverse.isInverseOf(a)).isEqualTo(inverse.invert().equals(a));
        }
    }

    /**
     * Tuple's hand-written equals and hashCode are the record's: equal exactly when every component is, and the
     * hash the record's own (each component folded in as {@code 31 * h + c}, in order), so a hash map of tuples
     * iterates in the order it did before they were written by hand.
     */
    @Property(tries = 3000)
    void equalsAndHashCodeAreTheRecords(@ForAll("tuples") Tuple a, @ForAll("tuples") Tuple b) {
        boolean same = a.source().equals(b.source()) && a.destination().equals(b.destination())
                && a.protocol() == b.protocol() && a.sourcePort() == b.sourcePort()
                && a.destinationPort() == b.destinationPort();
        assertThat(a.equals(b)).isEqualTo(same);
        assertThat(a.equals(new Tuple(a.source(), a.destination(), a.protocol(), a.sourcePort(),
                a.destinationPort()))).isTrue();
        int h = 0;
        for (int c : new int[] {a.source().bits(), a.destination().bits(), a.protocol(), a.sourcePort(),
                a.destinationPort()}) {
            h = 31 * h + c;
        }
        assertThat(a.hashCode()).isEqualTo(h);
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals(a.toString())).isFalse();
    }

    @Provide
    Arbitrary<Tuple> tuples() {
        // Few addresses and ports, so that random pairs are often inverses or nearly so.
        Arbitrary<Ipv4Address> address = Arbitraries.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
                Ipv4Address.parse("172.17.0.4"));
        Arbitrary<Integer> port = Arbitraries.of(0, 80, 8088, 0x0800, 0x0000, 43210);
        Arbitrary<Integer> protocol = Arbitraries.of(IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP, 47);
        return net.jqwik.api.Combinators.combine(address, address, protocol, port, port)
                .as(Tuple::new);
    }

    @Property(tries = 200)
    void icmpQueriesInvertTheirType(@ForAll @IntRange(max = 0xffff) int id) {
        Tuple echo = Tuple.icmp(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), id, 8, 0);
        Tuple reply = Tuple.icmp(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1"), id, 0, 0);
        assertThat(echo.isInverseOf(reply)).isTrue();
        assertThat(echo.isInverseOf(echo)).isFalse();
    }
}
