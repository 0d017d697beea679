package io.bridgelab.pcap.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.pcap.io.ReaderOptions;
import io.bridgelab.pcap.stats.Conversations.Conversation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ConversationsTest {
    static List<CaptureRecord> fixture(String name) throws IOException {
        List<CaptureRecord> out = new ArrayList<>();
        try (InputStream in = ConversationsTest.class.getResourceAsStream("/captures/" + name);
             CaptureReader r = CaptureReader.open(in, ReaderOptions.STRICT)) {
            r.forEach(out::add);
        }
        return out;
    }

    static List<Conversation> conversations(List<CaptureRecord> records) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(file, LinkType.ETHERNET)) {
            for (CaptureRecord r : records) {
                w.write(r);
            }
        }
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file.toByteArray()), ReaderOptions.STRICT)) {
            return Conversations.of(r);
        }
    }

    @Test
    void startAndDurationAreRelativeToTheCapturesFirstPacket() throws IOException {
        assertThat(conversations(fixture("kernel-eth.pcap")))
                .extracting(Conversation::protocol, Conversation::frames, Conversation::relativeStartNanos,
                        Conversation::durationNanos)
                .containsExactly(
                        Tuple.tuple("tcp", 8L, 1_060_063_000L, 1_988_000L),
                        Tuple.tuple("icmp", 5L, 22_000L, 1_129_697_000L),
                        Tuple.tuple("udp", 1L, 1_129_691_000L, 0L));
    }

    @Test
    void outOfOrderTimestampsGiveTheSameStartsAndDurations() throws IOException {
        List<CaptureRecord> records = fixture("kernel-eth.pcap");
        List<CaptureRecord> reversed = new ArrayList<>(records);
        Collections.reverse(reversed);
        // Endpoint A is whoever sent the first packet in file order, so only the times are compared.
        assertThat(conversations(reversed))
                .extracting(Conversation::protocol, Conversation::frames, Conversation::bytes,
                        Conversation::relativeStartNanos, Conversation::durationNanos)
                .containsExactlyElementsOf(conversations(records).stream()
                        .map(c -> Tuple.tuple(c.protocol(), c.frames(), c.bytes(), c.relativeStartNanos(),
                                c.durationNanos()))
                        .toList());
    }
}
