package io.bridgelab.netfilter.text;

/** One argument of an iptables-restore line, where it starts (1-based) and whether it was quoted. */
record Token(String text, int line, int column, boolean quoted) {
}
