package io.bridgelab.netfilter.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A named network namespace ({@code ip netns}) that this process created and deletes on close. Deleting
 * the namespace removes its interfaces, addresses, routes and rules with it, so a test that builds its
 * topology inside leaves nothing behind, even when it fails.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Creates a namespace named {@code prefix} plus a random suffix (so parallel runs never collide), with
     * loopback up and IPv6 off (fresh namespaces otherwise send router solicitations that pollute captures).
     */
    public static NetworkNamespace create(String prefix) {
        String name = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        Command.run("ip", "netns", "add", name).orThrow();
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up").orThrow();
            ns.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1").orThrow();
            ns.exec("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1").orThrow();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs argv inside this namespace. */
    public Command.Result exec(String... argv) {
        return exec(List.of(argv), null);
    }

    /** Runs argv inside this namespace, feeding it {@code stdin} (may be null). */
    public Command.Result exec(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(argv);
        return Command.run(full, stdin, Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        Command.run("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
