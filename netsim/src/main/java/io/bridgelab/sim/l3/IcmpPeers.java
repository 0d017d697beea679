package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Ipv4Address;

import java.util.HashMap;
import java.util.Map;

/**
 * One namespace's ICMP error budget per remote address: the token bucket of the kernel's inet_peer
 * ({@code net->ipv4.peers}), which two rate limits share. ip_error (a forwarded packet without a usable route) spends a
 * second of tokens from a bucket of at most 5 ({@code ip_rt_error_cost}, {@code ip_rt_error_burst}); icmp_send
 * ({@code icmpv4_xrlim_allow}, {@code inet_peer_xrlim_allow}) then spends {@code net.ipv4.icmp_ratelimit} (1000 ms by
 * default) from a bucket of at most 6 times that, for the types {@code net.ipv4.icmp_ratemask} names. Both refill at one token a second of time passed. So an address gets at
 * most 6 port unreachables at once and then one a second, and only 2 net unreachables from ip_error (each costs both
 * limits). A peer the namespace has not met starts full (inet_getpeer sets its last use 60 s back). ICMP redirects
 * to a peer back off on the same record ({@code ip_rt_send_redirect}): after n sent, the next waits 20 ms &lt;&lt; n,
 * none after 9, and 20.48 s without a redirected packet start the count afresh, which also empties the token bucket
 * (the kernel keeps one {@code rate_last} and one {@code rate_tokens} for all three).
 *
 * <p>Tokens are kept in nanoseconds of simulated time; the kernel counts jiffies, so a decision that falls within a
 * jiffy (1-10 ms) of a refill can differ. Not modelled: icmp_global_allow, the namespace-wide 1000 errors a second
 * with a burst of 50, whose credits are spent at random (0 to 2 an error) since Linux 6.12 and which matters only
 * above some 25 errors within 20 ms.
 */
public final class IcmpPeers {
    private static final long SECOND = 1_000_000_000L;
    /** inet_getpeer: a new peer's last use is 60 s back, so its first refill fills it. */
    private static final long NEW_PEER_TOKENS = 60 * SECOND;
    private static final long IP_ERROR_COST = SECOND;
    private static final long IP_ERROR_BURST = 5 * SECOND;
    /** {@code XRLIM_BURST_FACTOR}: icmp_send's bucket holds 6 errors. */
    private static final int XRLIM_BURST_FACTOR = 6;
    /** {@code ip_rt_redirect_number}, {@code ip_rt_redirect_load} (HZ/50) and {@code ip_rt_redirect_silence}. */
    private static final int REDIRECT_NUMBER = 9;
    private static final long REDIRECT_LOAD = 20_000_000L;
    private static final long REDIRECT_SILENCE = (REDIRECT_LOAD << (REDIRECT_NUMBER + 1));

    /** tokens, last use (simulated ns), redirects sent. */
    private final Map<Ipv4Address, long[]> peers = new HashMap<>();
    /** The largest bucket any limit has had here: a peer idle that long is full again, as a new one. */
    private long largestBurst = IP_ERROR_BURST;
    /** The size at which the next sweep runs. */
    private int sweepAt = SWEEP_FROM;
    private static final int SWEEP_FROM = 4096;

    /** ip_error's limit for an error to {@code peer} at {@code now}: whether it goes on to icmp_send (spends if so). */
    public boolean ipErrorAllows(Ipv4Address peer, long now) {
        return spend(peer, now, IP_ERROR_COST, IP_ERROR_BURST);
    }

    /**
     * icmp_send's own limit for an error of {@code type}/{@code code} to {@code peer} at {@code now}, by
     * {@code net.ipv4.icmp_ratelimit} ({@code ratelimitMs}) and {@code icmp_ratemask} ({@code ratemask}); spends when
     * it allows and the type is limited at all.
     */
    public boolean icmpSendAllows(Ipv4Address peer, int type, int code, long now, int ratelimitMs, int ratemask) {
        if (!limited(type, code, ratemask)) {
            return true;
        }
        long cost = ratelimitMs * 1_000_000L;
        return spend(peer, now, cost, XRLIM_BURST_FACTOR * cost);
    }

    /**
     * ip_rt_send_redirect's back-off for a redirect to {@code peer} at {@code now}: whether it is sent. A redirect
     * counts as sent when the limit lets it go, whatever becomes of it after (NAT may still drop it).
     */
    public boolean redirectAllows(Ipv4Address peer, long now) {
        largestBurst = Math.max(largestBurst, REDIRECT_SILENCE);
        long[] p = peer(peer, now);
        if (now - p[1] > REDIRECT_SILENCE) {
            p[0] = 0;
            p[2] = 0;
        }
        if (p[2] >= REDIRECT_NUMBER) {
            p[1] = now;
            return false;
        }
        if (p[2] == 0 || now - p[1] > REDIRECT_LOAD << p[2]) {
            p[1] = now;
            p[2]++;
            return true;
        }
        return false;
    }

    /** icmpv4_mask_allow's answer negated: whether icmp_send limits errors of this type and code. */
    static boolean limited(int type, int code, int ratemask) {
        if (type > 18) {
            return false;
        }
        if (type == 3 && code == 4) {
            return false; // fragmentation needed: PMTU discovery is never limited
        }
        return (ratemask & (1 << type)) != 0;
    }

    /** inet_peer_xrlim_allow, and ip_error's copy of it: refill by the time passed, cap, spend {@code cost}. */
    private boolean spend(Ipv4Address peer, long now, long cost, long burst) {
        largestBurst = Math.max(largestBurst, burst);
        long[] p = peer(peer, now);
        long tokens = Math.min(p[0] + (now - p[1]), burst);
        p[1] = now;
        boolean allowed = tokens >= cost;
        p[0] = allowed ? tokens - cost : tokens;
        return allowed;
    }

    private long[] peer(Ipv4Address peer, long now) {
        if (peers.size() >= sweepAt) {
            sweep(now);
        }
        return peers.computeIfAbsent(peer, a -> new long[] {0, now - NEW_PEER_TOKENS, 0});
    }

    /**
     * Forgets the peers idle for a whole bucket's refill: their next error would find the bucket full, as a new
     * peer's, so a replay with many senders keeps only the recent ones (the kernel's inet_peer has its own
     * collection, which frees idle peers after minutes with the same effect).
     */
    private void sweep(long now) {
        if (largestBurst > NEW_PEER_TOKENS) {
            return; // icmp_ratelimit over 10 s: a new peer starts with 60 s of tokens, less than a full bucket
        }
        peers.values().removeIf(p -> now - p[1] >= largestBurst);
        sweepAt = Math.max(SWEEP_FROM, 2 * peers.size());
    }

    /** How many peers are held (a test's view of the sweep). */
    int size() {
        return peers.size();
    }
}
