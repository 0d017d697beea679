package io.bridgelab.netfilter.rule;

/** {@code -j TRACE}: Marks the packet for tracing (raw table): every later rule it meets is logged as TRACE. */
public record Trace() implements Target {
    public static final Trace INSTANCE = new Trace();

    @Override
    public String name() {
        return "TRACE";
    }
}
