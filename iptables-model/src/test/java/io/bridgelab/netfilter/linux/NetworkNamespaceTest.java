package io.bridgelab.netfilter.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.testing.Kernel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {

    @Test
    void commandsRunWithoutAShellAndReportFailures() {
        Command.Result echo = Command.run("echo", "a b; rm -rf /");
        assertThat(echo.ok()).isTrue();
        assertThat(echo.stdout()).isEqualTo("a b; rm -rf /\n");
        Command.Result missing = Command.run("/nonexistent/tool");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThatThrownBy(missing::orThrow).isInstanceOf(Command.CommandException.class)
                .hasMessageContaining("/nonexistent/tool");
        Command.Result fed = Command.run(List.of("cat"), "fed in", Duration.ofSeconds(5));
        assertThat(fed.stdout()).isEqualTo("fed in");
    }

    @Test
    void slowCommandsAreKilledAtTheTimeout() {
        Command.Result slow = Command.run(List.of("sleep", "30"), null, Duration.ofMillis(200));
        assertThat(slow.exitCode()).isEqualTo(124);
        assertThat(slow.stderr()).contains("killed after");
    }

    @Test
    void namespaceIsIsolatedAndGoneAfterClose() {
        Kernel.require("ip", "sysctl");
        String name;
        try (NetworkNamespace ns = NetworkNamespace.create("nstest")) {
            name = ns.name();
            assertThat(Command.run("ip", "netns", "list").stdout()).contains(name);
            Command.Result links = ns.exec("ip", "-o", "link", "show").orThrow();
            assertThat(links.stdout().lines()).hasSize(1).allMatch(l -> l.contains("lo:") && l.contains("UP"));
            assertThat(ns.exec("sysctl", "-n", "net.ipv6.conf.all.disable_ipv6").stdout().strip()).isEqualTo("1");
            ns.exec("ip", "link", "add", "nstestbr0", "type", "bridge").orThrow();
        }
        assertThat(Command.run("ip", "netns", "list").stdout()).doesNotContain(name);
        assertThat(Command.run("ip", "link", "show", "nstestbr0").ok()).isFalse();
    }
}
