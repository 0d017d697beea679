package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.UdpDatagram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ip_defrag's queues: whole datagrams in any order, duplicates, overlaps and contradictions, separate users. */
class ReassemblyTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    private static final Reassembly.User USER = Reassembly.User.CONNTRACK_IN;

    private static Packet udp(int total, int id) {
        return new Packet(null, Datagrams.of(A, B, id, false, Datagrams.udp(1000, 2000, "d".repeat(total - 28))));
    }

    private static Reassembly.Outcome addAll(Reassembly r, List<Packet> fragments) {
        Reassembly.Outcome last = null;
        for (Packet f : fragments) {
            last = r.add(USER, f);
        }
        return last;
    }

    @Test
    void fragmentsInOrderGiveTheDatagramBack() {
        Packet whole = udp(3028, 9);
        List<Packet> fragments = Fragmentation.fragment(whole, 1500);
        Reassembly r = new Reassembly();
        assertThat(r.add(USER, fragments.get(0))).isInstanceOf(Reassembly.Held.class);
        assertThat(r.add(USER, fragments.get(1))).isInstanceOf(Reassembly.Held.class);
        Reassembly.Outcome done = r.add(USER, fragments.get(2));
        assertThat(done).isInstanceOfSatisfying(Reassembly.Whole.class, w -> {
            assertThat(w.packet().ipv4()).isEqualTo(whole.ipv4());
            assertThat(w.fragments()).isEqualTo(3);
            assertThat(w.maxSize()).isEqualTo(1500);
            assertThat(w.packet().transport()).isInstanceOf(UdpDatagram.class);
            assertThat(InternetChecksum.transportChecksumAccepted(w.packet().ip(), w.packet().transport())).isTrue();
        });
        assertThat(r.waiting()).isZero();
    }

    @Test
    void theLastFragmentFirstWaitsForTheRest() {
        Packet whole = udp(2028, 10);
        List<Packet> fragments = Fragmentation.fragment(whole, 1400);
        Reassembly r = new Reassembly();
        assertThat(r.add(USER, fragments.get(1))).isInstanceOfSatisfying(Reassembly.Held.class,
                h -> assertThat(h.describe()).isEqualTo("held for reassembly: 632 bytes of 2008 bytes queued"));
        assertThat(r.add(USER, fragments.get(0))).isInstanceOfSatisfying(Reassembly.Whole.class,
                w -> assertThat(w.packet().ipv4()).isEqualTo(whole.ipv4()));
    }

    @Test
    void aDuplicateIsDroppedAndTheQueueKept() {
        List<Packet> fragments = Fragmentation.fragment(udp(3028, 11), 1500);
        Reassembly r = new Reassembly();
        r.add(USER, fragments.get(0));
        assertThat(r.add(USER, fragments.get(0))).isInstanceOfSatisfying(Reassembly.Discarded.class,
                d -> assertThat(d.queueKept()).isTrue());
        r.add(USER, fragments.get(1));
        assertThat(r.add(USER, fragments.get(2))).isInstanceOf(Reassembly.Whole.class);
    }

    /** RFC 5722 as Linux applies it: a fragment that overlaps queued bytes in part discards the whole queue. */
    @Test
    void aPartialOverlapDiscardsTheQueue() {
        Packet whole = udp(3028, 12);
        List<Packet> big = Fragmentation.fragment(whole, 1500);
        List<Packet> small = Fragmentation.fragment(whole, 1000); // 0-976, 976-1952, ...
        Reassembly r = new Reassembly();
        r.add(USER, big.get(0)); // 0-1480
        assertThat(r.add(USER, small.get(1))).isInstanceOfSatisfying(Reassembly.Discarded.class, d -> {
            assertThat(d.queueKept()).isFalse();
            assertThat(d.describe()).contains("overlap", "RFC 5722");
        });
        assertThat(r.waiting()).isZero();
        assertThat(addAll(r, big.subList(1, 3))).as("the first fragment went with the queue")
                .isInstanceOf(Reassembly.Held.class);
    }

    @Test
    void aSecondLastFragmentThatDisagreesDiscardsTheQueue() {
        List<Packet> a = Fragmentation.fragment(udp(3028, 13), 1500);
        List<Packet> b = Fragmentation.fragment(udp(2028, 13), 1500);
        Reassembly r = new Reassembly();
        r.add(USER, a.get(2));
        assertThat(r.add(USER, b.get(1))).isInstanceOfSatisfying(Reassembly.Discarded.class,
                d -> assertThat(d.describe()).contains("contradicts"));
    }

    @Test
    void usersAndIdsKeepTheirOwnQueues() {
        List<Packet> a = Fragmentation.fragment(udp(3028, 14), 1500);
        List<Packet> b = Fragmentation.fragment(udp(3028, 15), 1500);
        Reassembly r = new Reassembly();
        r.add(USER, a.get(0));
        r.add(Reassembly.User.BRIDGE_IN, a.get(1));
        r.add(USER, b.get(0));
        assertThat(r.waiting()).isEqualTo(3);
        r.add(USER, a.get(1));
        assertThat(r.add(USER, a.get(2))).isInstanceOf(Reassembly.Whole.class);
        assertThat(r.waiting()).isEqualTo(2);
    }

    @Test
    void aDatagramLongerThan65535IsDropped() {
        List<Packet> fragments = Fragmentation.fragment(udp(65535, 16), 1500);
        Packet last = fragments.get(fragments.size() - 1);
        // The same last fragment with 105 bytes more: the datagram would end at 65620 bytes after its header.
        Ipv4Header h = last.ip();
        int longer = h.totalLength() + 105;
        Ipv4Datagram stretched = InternetChecksum.refresh(new Ipv4Datagram(new Ipv4Header(h.tos(), longer,
                h.identification(), false, false, h.fragmentOffset(), h.ttl(), h.protocol(), 0, h.source(),
                h.destination(), h.options()), new OpaqueTransport(h.protocol(), Bytes.copyOf(new byte[longer - 20]))));
        Reassembly r = new Reassembly();
        addAll(r, fragments.subList(0, fragments.size() - 1));
        assertThat(r.add(USER, new Packet(null, stretched))).isInstanceOfSatisfying(Reassembly.Discarded.class,
                d -> assertThat(d.describe()).contains("65640 bytes, more than 65535"));
        assertThat(r.waiting()).isZero();
    }

    /** ip_expire: a queue still waiting gives up its first fragment; a completed or unknown one gives nothing. */
    @Test
    void anExpiredQueueGivesItsFirstFragmentOnce() {
        List<Packet> fragments = Fragmentation.fragment(udp(3028, 17), 1500);
        Reassembly r = new Reassembly();
        Reassembly.Held opened = (Reassembly.Held) r.add(USER, fragments.get(0));
        assertThat(opened.opened()).isTrue();
        Reassembly.Held joined = (Reassembly.Held) r.add(USER, fragments.get(1));
        assertThat(joined.opened()).isFalse();
        assertThat(joined.queue()).isEqualTo(opened.queue());
        assertThat(r.expire(opened.queue())).isEqualTo(fragments.get(0));
        assertThat(r.waiting()).isZero();
        assertThat(r.expire(opened.queue())).as("gone already").isNull();

        Reassembly.Held lastOnly = (Reassembly.Held) r.add(USER, fragments.get(2));
        assertThat(lastOnly.queue()).as("a new queue").isNotEqualTo(opened.queue());
        assertThat(r.expire(lastOnly.queue())).as("no first fragment to quote").isNull();
    }
}
