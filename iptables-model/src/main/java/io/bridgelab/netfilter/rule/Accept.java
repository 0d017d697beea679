package io.bridgelab.netfilter.rule;

/** {@code -j ACCEPT}: Ends traversal of this hook's table chain: the packet goes on to the next table or hook. */
public record Accept() implements Target {
    public static final Accept INSTANCE = new Accept();

    @Override
    public String name() {
        return "ACCEPT";
    }
}
