package io.bridgelab.netfilter.conntrack;

/** The kernel's {@code jhash2} for a one-word key, which NAT uses to pick an address from a range. */
final class Jhash {
    private static final int INITVAL = 0xdeadbeef;

    private Jhash() {
    }

    static int jhash1(int word, int initval) {
        int a = INITVAL + (1 << 2) + initval;
        int b = a;
        int c = a;
        a += word;
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
