package io.bridgelab.netfilter.testing;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests whose oracle is the real kernel. Locally, without root or the tools, such a test is
 * skipped with the reason; under {@code CI=true} it fails instead, because CI must never pass by not
 * asking the kernel.
 */
public final class Kernel {
    private static volatile String missing;
    private static volatile boolean probed;

    private Kernel() {
    }

    /** Requires root, {@code ip netns} and the named tools on the PATH. */
    public static void require(String... tools) {
        String reason = probe();
        if (reason == null) {
            for (String tool : tools) {
                if (!Command.onPath(tool)) {
                    reason = "tool '" + tool + "' is not installed";
                    break;
                }
            }
        }
        if (reason == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("kernel test cannot run under CI=true: " + reason);
        }
        Assumptions.abort("kernel test skipped locally: " + reason);
    }

    /**
     * Requires only the named tools on the PATH (no root, no namespaces): for tests whose oracle is a
     * real program rather than the kernel, such as a headless browser. Same rule: skip locally, fail
     * under {@code CI=true}.
     */
    public static void requireTools(String... tools) {
        for (String tool : tools) {
            if (!Command.onPath(tool)) {
                String reason = "tool '" + tool + "' is not installed";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail("test cannot run under CI=true: " + reason);
                }
                Assumptions.abort("test skipped locally: " + reason);
            }
        }
    }

    private static synchronized String probe() {
        if (!probed) {
            probed = true;
            if (!"root".equals(System.getProperty("user.name"))) {
                missing = "not running as root";
            } else if (!Command.onPath("ip")) {
                missing = "iproute2 ('ip') is not installed";
            } else {
                try (NetworkNamespace ns = NetworkNamespace.create("probe")) {
                    missing = null;
                } catch (RuntimeException e) {
                    missing = "cannot create a network namespace: " + e.getMessage();
                }
            }
        }
        return missing;
    }
}
