package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.text.IptablesSaveWriter;
import io.bridgelab.netfilter.text.ListingRenderer;
import io.bridgelab.netfilter.text.SpecRenderer;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code iptables -nvL}, {@code -S} and {@code iptables-save [-c]} over the node's ruleset with the counters
 * the simulated traffic left: iptables-model's text package renders them byte for byte as iptables 1.8.9
 * (nf_tables) does; this class only chooses table and chain and words the errors as iptables does.
 */
final class IptablesRenderer {
    /** ctime(3), which iptables-save uses for its comment lines. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private IptablesRenderer() {
    }

    static ExecResult list(NodeState state, ShellCommand.IptablesList c) {
        ListingRenderer.Options options = new ListingRenderer.Options(c.verbose(), c.exact());
        Ruleset rules = state.ruleset();
        if (c.chain() == null) {
            return ExecResult.ok(ListingRenderer.list(rules, c.table(), options));
        }
        if (rules.tableOrEmpty(c.table()).chain(c.chain()) == null) {
            return noChain(c.table(), c.chain());
        }
        return ExecResult.ok(ListingRenderer.list(rules, c.table(), c.chain(), options));
    }

    static ExecResult spec(NodeState state, ShellCommand.IptablesSpec c) {
        Ruleset rules = state.ruleset();
        if (c.chain() == null) {
            return ExecResult.ok(SpecRenderer.spec(rules, c.table()));
        }
        if (rules.tableOrEmpty(c.table()).chain(c.chain()) == null) {
            return noChain(c.table(), c.chain());
        }
        return ExecResult.ok(SpecRenderer.spec(rules, c.table(), c.chain()));
    }

    /** With the nf_tables backend an unknown chain is reported this way (measured with 1.8.9). */
    private static ExecResult noChain(TableName table, String chain) {
        return ExecResult.error("iptables v1.8.9 (nf_tables): chain `" + chain + "' in table `" + table.text()
                + "' is incompatible, use 'nft' tool.\n");
    }

    static ExecResult save(NodeState state, ShellCommand.IptablesSave c) {
        Ruleset rules = state.ruleset();
        if (c.table() != null) {
            Table t = rules.table(c.table());
            rules = t == null ? Ruleset.EMPTY : new Ruleset(List.of(t));
        }
        String date = ZonedDateTime.now().format(CTIME);
        return ExecResult.ok(IptablesSaveWriter.write(rules, c.counters(), IptablesSaveWriter.Header.dated(date)));
    }
}
