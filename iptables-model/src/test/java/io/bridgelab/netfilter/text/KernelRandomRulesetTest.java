package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.testing.Kernel;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random rulesets (the property test's generator, fixed seeds so a failure reproduces) written by our
 * writer, loaded into the kernel with {@code iptables-restore -c}, and read back: the kernel must accept
 * them and print exactly what our writer and renderers print.
 */
class KernelRandomRulesetTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 32);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theKernelPrintsWhatWeWrite(long seed) {
        Kernel.require("iptables-restore", "iptables-save", "iptables");
        Ruleset ruleset = RulesetArbitraries.ruleset(new Random(seed), 1 + (int) (seed % 8));
        String text = IptablesSaveWriter.write(ruleset, true, IptablesSaveWriter.Header.UNDATED);
        try (NetworkNamespace ns = NetworkNamespace.create("mtrand")) {
            Command.Result restore = ns.exec(List.of("iptables-restore", "-c"), text);
            assertThat(restore.exitCode()).as("iptables-restore refused:\n%s\n%s", restore.stderr(), text).isZero();
            assertThat(Corpus.undate(ns.exec("iptables-save", "-c").orThrow().stdout())).isEqualTo(text);
            for (TableName t : Corpus.TABLES) {
                if (ruleset.table(t) == null) {
                    continue;
                }
                assertThat(ns.exec("iptables", "-t", t.text(), "-S").orThrow().stdout())
                        .isEqualTo(SpecRenderer.spec(ruleset, t));
                assertThat(ns.exec("iptables", "-t", t.text(), "-nvL").orThrow().stdout())
                        .isEqualTo(ListingRenderer.list(ruleset, t, ListingRenderer.Options.NVL));
            }
        }
    }
}
