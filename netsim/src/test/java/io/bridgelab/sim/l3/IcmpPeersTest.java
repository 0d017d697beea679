package io.bridgelab.sim.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Ipv4Address;
import org.junit.jupiter.api.Test;

/**
 * The inet_peer token bucket on made-up times (the route-types kernel scenario checks the same numbers against the
 * kernel: 2 errors from ip_error's burst, 6 port unreachables from icmp_send's).
 */
class IcmpPeersTest {
    private static final Ipv4Address A = Ipv4Address.parse("172.17.0.2");
    private static final Ipv4Address B = Ipv4Address.parse("172.17.0.3");
    private static final long MS = 1_000_000;
    private static final int UNREACHABLE = 3;
    private static final int MASK = io.bridgelab.sim.world.Sysctls.ICMP_RATEMASK;

    @Test
    void icmpSendLetsSixErrorsGoAtOnceThenOneASecond() {
        IcmpPeers peers = new IcmpPeers();
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            sent += peers.icmpSendAllows(A, UNREACHABLE, 3, i * MS, 1000, MASK) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(6);
        assertThat(peers.icmpSendAllows(A, UNREACHABLE, 3, 900 * MS, 1000, MASK))
                .as("0.9 s later: not a whole token yet").isFalse();
        assertThat(peers.icmpSendAllows(A, UNREACHABLE, 3, 1_020 * MS, 1000, MASK)).as("a token a second").isTrue();
        assertThat(peers.icmpSendAllows(A, UNREACHABLE, 3, 1_030 * MS, 1000, MASK)).isFalse();
        assertThat(peers.icmpSendAllows(B, UNREACHABLE, 3, 1_030 * MS, 1000, MASK))
                .as("each address has its own bucket").isTrue();
    }

    /** Each error of ip_error spends from both limits of the one bucket: 2 leave at once, a third needs 2 s more. */
    @Test
    void ipErrorAndIcmpSendShareTheBucket() {
        IcmpPeers peers = new IcmpPeers();
        int sent = 0;
        for (int i = 0; i < 8; i++) {
            if (peers.ipErrorAllows(A, i * MS) && peers.icmpSendAllows(A, UNREACHABLE, 0, i * MS, 1000, MASK)) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(2);
    }

    @Test
    void echoRepliesAndFragmentationNeededAreNeverLimited() {
        IcmpPeers peers = new IcmpPeers();
        for (int i = 0; i < 20; i++) {
            assertThat(peers.icmpSendAllows(A, 0, 0, 0, 1000, MASK)).isTrue();
            assertThat(peers.icmpSendAllows(A, UNREACHABLE, 4, 0, 1000, MASK)).isTrue();
        }
        assertThat(IcmpPeers.limited(11, 0, MASK)).as("time exceeded is in the ratemask").isTrue();
        assertThat(IcmpPeers.limited(5, 0, MASK)).as("redirect is not").isFalse();
        assertThat(peers.icmpSendAllows(A, 11, 0, 0, 1000, MASK)).as("none of them spent a token").isTrue();
    }

    @Test
    void aBucketRefillsToSixAtMost() {
        IcmpPeers peers = new IcmpPeers();
        peers.icmpSendAllows(A, UNREACHABLE, 3, 0, 1000, MASK);
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            sent += peers.icmpSendAllows(A, UNREACHABLE, 3, 60_000 * MS, 1000, MASK) ? 1 : 0;
        }
        assertThat(sent).as("a minute of quiet refills 6 tokens, not 60").isEqualTo(6);
    }

    @Test
    void ratelimitZeroTurnsTheLimitOffAndTheMaskChoosesTheTypes() {
        IcmpPeers peers = new IcmpPeers();
        for (int i = 0; i < 20; i++) {
            assertThat(peers.icmpSendAllows(A, UNREACHABLE, 3, 0, 0, MASK)).isTrue();
            assertThat(peers.icmpSendAllows(B, UNREACHABLE, 3, 0, 1000, 1 << 11)).as("only time exceeded limited").isTrue();
        }
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            sent += peers.icmpSendAllows(B, 11, 0, 0, 100, 1 << 11) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(6);
        assertThat(peers.icmpSendAllows(B, 11, 0, 100 * MS, 100, 1 << 11)).as("100 ms refills one at 100 ms").isTrue();
    }

    /** A replay with a million senders keeps only the peers of the last seconds; each still gets its 6 at once. */
    @Test
    void peersIdleForAWholeRefillAreForgottenWithoutChangingAnAnswer() {
        IcmpPeers peers = new IcmpPeers();
        for (int i = 0; i < 100_000; i++) {
            Ipv4Address from = new Ipv4Address(0x0a000000 + i);
            assertThat(peers.icmpSendAllows(from, UNREACHABLE, 3, i * MS, 1000, MASK)).isTrue();
        }
        assertThat(peers.size()).as("peers of the last 6 s and a sweep's slack").isLessThan(6_000 + 4096 * 2);
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            sent += peers.icmpSendAllows(new Ipv4Address(0x0a000000), UNREACHABLE, 3, 100_000 * MS, 1000, MASK) ? 1 : 0;
        }
        assertThat(sent).as("a forgotten peer starts full, as it would have refilled").isEqualTo(6);
    }

    /** The redirect scenario's numbers: datagrams 100 ms apart get redirects 1, 2, 3, none, 5, none. */
    @Test
    void redirectsBackOffByTwentyMillisecondsShiftedByTheCountSent() {
        IcmpPeers peers = new IcmpPeers();
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sent.append(peers.redirectAllows(A, i * 100 * MS) ? 'y' : '.');
        }
        assertThat(sent.toString()).isEqualTo("yyy.y.");
    }

    @Test
    void afterNineRedirectsNoneUntilTwentySecondsOfSilence() {
        IcmpPeers peers = new IcmpPeers();
        long t = 0;
        int sent = 0;
        for (int i = 0; i < 200; i++) {
            t += 1_000 * MS; // each far past the back-off, yet each refreshes the sender's last time
            sent += peers.redirectAllows(A, t) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(9);
        assertThat(peers.redirectAllows(A, t + 20_000 * MS)).as("20 s: not silent long enough").isFalse();
        assertThat(peers.redirectAllows(A, t + 20_000 * MS + 20_481 * MS)).as("20.48 s silent: count afresh")
                .isTrue();
    }

    /** The kernel's one record per address: a redirect after a silence empties the ICMP error bucket too. */
    @Test
    void aRedirectAfterSilenceEmptiesTheErrorBucket() {
        IcmpPeers peers = new IcmpPeers();
        assertThat(peers.redirectAllows(A, 0)).isTrue();
        assertThat(peers.icmpSendAllows(A, UNREACHABLE, 3, 10 * MS, 1000, MASK))
                .as("10 ms of tokens since the redirect: not one error's worth").isFalse();
        assertThat(peers.icmpSendAllows(B, UNREACHABLE, 3, 10 * MS, 1000, MASK)).as("another address").isTrue();
    }
}
