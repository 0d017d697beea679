package io.bridgelab.plugin.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.plugin.firewall.BaseRules;
import io.bridgelab.plugin.firewall.OwnedChains;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.firewall.RulesRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's kernel through its own tools, with argument arrays only: {@code ip -batch -},
 * {@code iptables-restore --noflush -w}, {@code iptables-save}, {@code sysctl}. Every command is prefixed
 * by {@code prefix} (empty for the host, {@code ip netns exec NS} to act inside a namespace), which is how
 * tests keep every bridge, veth and rule out of the root namespace.
 */
public final class LinuxDataplane extends AbstractDataplane implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BATCH_LINE = Pattern.compile("Command failed -:(\\d+)");
    private static final Pattern RESTORE_LINE = Pattern.compile("line (\\d+) failed|Error occurred at line: (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above this many deletions in one table, chains are rebuilt instead of deleting rule by rule. */
    static final int BULK_DELETE = 64;

    private final List<String> prefix;
    private final RulesRenderer renderer;
    private final IpSession session;

    public LinuxDataplane(List<String> prefix, RulesRenderer renderer) {
        this(prefix, renderer, false);
    }

    /**
     * {@code persistentLinks}: link changes go through one long-lived {@code ip -batch} process
     * ({@link IpSession}) instead of one process per call; for the serving plugin, whose process ends with
     * it. Close the dataplane to end that process.
     */
    public LinuxDataplane(List<String> prefix, RulesRenderer renderer, boolean persistentLinks) {
        this.prefix = List.copyOf(prefix);
        this.renderer = renderer;
        this.session = persistentLinks ? new IpSession(this.prefix) : null;
    }

    /** Ends the persistent {@code ip} process, if any. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    /** A dataplane acting inside the named network namespace. */
    public static LinuxDataplane inNamespace(String netns, RulesRenderer renderer) {
        return new LinuxDataplane(List.of("ip", "netns", "exec", netns), renderer);
    }

    private Command.Result run(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        return Command.run(full, stdin, TIMEOUT);
    }

    @Override
    protected void applyLinks(List<LinkOp> ops) {
        List<LinkOp> todo = dropAbsentDeletes(ops);
        if (todo.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        List<Integer> opOfLine = new ArrayList<>();
        List<Integer> firstLine = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            firstLine.add(lines.size() + 1);
            for (String l : IpBatch.lines(todo.get(i))) {
                lines.add(l);
                opOfLine.add(i);
            }
        }
        int line;
        String stderr;
        if (session != null) {
            IpSession.Outcome o = session.run(lines);
            if (o.ok()) {
                return;
            }
            line = o.failedLine();
            stderr = o.stderr();
        } else {
            Command.Result r = run(List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
            if (r.ok()) {
                return;
            }
            Matcher m = BATCH_LINE.matcher(r.stderr());
            line = m.find() ? Integer.parseInt(m.group(1)) : 0;
            stderr = r.stderr();
        }
        int started = todo.size();
        int failedOp = -1;
        String failed = "";
        if (line >= 1 && line <= lines.size()) {
            int op = opOfLine.get(line - 1);
            started = line > firstLine.get(op) ? op + 1 : op;
            failedOp = indexOfIdentity(ops, todo.get(op));
            failed = " at '" + lines.get(line - 1) + "'";
        }
        // Ops were filtered, so map the count back onto the caller's list.
        int startedInCallerList = started == 0 ? 0 : indexOfIdentity(ops, todo.get(started - 1)) + 1;
        throw new LinkFailure(startedInCallerList, failedOp, "ip -batch failed" + failed + ": " + stderr.strip());
    }

    private static int indexOfIdentity(List<LinkOp> ops, LinkOp op) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) == op) {
                return i;
            }
        }
        return ops.size() - 1;
    }

    /** Deletes marked ifPresent are dropped when the link is already gone (a container took its veth away). */
    private List<LinkOp> dropAbsentDeletes(List<LinkOp> ops) {
        boolean any = ops.stream().anyMatch(o -> o instanceof LinkOp.DeleteLink d && d.ifPresent());
        if (!any) {
            return ops;
        }
        Set<String> present = new HashSet<>();
        for (KernelState.Link l : links()) {
            present.add(l.name());
        }
        List<LinkOp> out = new ArrayList<>();
        for (LinkOp o : ops) {
            if (!(o instanceof LinkOp.DeleteLink d && d.ifPresent() && !present.contains(d.name()))) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * One {@code iptables-restore} for every table of the step: each process start costs ~70 ms here
     * ({@code ip netns exec}, exec, and iptables-nft fetching the ruleset), more than adding 1,000 rules.
     * iptables-nft commits each table at its COMMIT, so when a later table fails the earlier ones are in
     * and are undone with the inverse script, as the one-process-per-table version did. Which tables
     * committed is read from the failing line iptables-restore reports ({@code line N failed} or
     * {@code Error occurred at line: N}): tables whose COMMIT line comes before N. Without a line number,
     * the kernel is asked: a table counts as committed when its rules are all present (adding) or all
     * gone (deleting).
     */
    @Override
    protected void applyRules(List<RuleEntry> entries, boolean enable) {
        Map<TableName, List<RuleEntry>> byTable = new LinkedHashMap<>();
        for (RuleEntry e : entries) {
            byTable.computeIfAbsent(e.table(), k -> new ArrayList<>()).add(e);
        }
        boolean rebuild = !enable && byTable.values().stream().anyMatch(t -> t.size() > BULK_DELETE);
        // One iptables-save for every table to rebuild, not one per table.
        Map<TableName, List<String>> current = rebuild ? parseSave(run(List.of("iptables-save"), null).orThrow().stdout())
                : Map.of();
        List<List<RuleEntry>> tables = new ArrayList<>(byTable.values());
        List<Integer> commitLine = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        int lines = 0;
        for (List<RuleEntry> table : tables) {
            String part = !enable && table.size() > BULK_DELETE
                    ? rebuildWithout(table, current.getOrDefault(table.get(0).table(), List.of()))
                    : renderer.changes(table, enable);
            script.append(part);
            lines += (int) part.chars().filter(c -> c == '\n').count();
            commitLine.add(lines);
        }
        Command.Result r = run(List.of("iptables-restore", "--noflush", "-w"), script.toString());
        if (r.ok()) {
            return;
        }
        Matcher m = RESTORE_LINE.matcher(r.stderr());
        int line = m.find() ? Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)) : -1;
        int committed = 0;
        while (committed < tables.size() - 1
                && (line > 0 ? commitLine.get(committed) < line : isApplied(tables.get(committed), enable))) {
            committed++;
        }
        for (int i = committed - 1; i >= 0; i--) {
            run(List.of("iptables-restore", "--noflush", "-w"), renderer.changes(tables.get(i), !enable));
        }
        List<RuleEntry> failed = tables.get(committed);
        throw new IllegalStateException("iptables-restore " + (enable ? "adding" : "deleting") + " "
                + failed.size() + " " + failed.get(0).table().text() + " rules failed: " + r.stderr().strip());
    }

    /** Whether the kernel holds all of {@code table}'s rules ({@code enable}) or none of them. */
    private boolean isApplied(List<RuleEntry> table, boolean enable) {
        Set<String> present = new HashSet<>(parseSave(run(List.of("iptables-save", "-t", table.get(0).table().text()),
                null).orThrow().stdout()).getOrDefault(table.get(0).table(), List.of()));
        List<io.bridgelab.netfilter.rule.Rule> rules = table.stream().map(RuleEntry::rule).toList();
        List<String> specs = renderer.specs(table.get(0).table(), rules);
        for (int i = 0; i < specs.size(); i++) {
            if (present.contains("-A " + table.get(i).chain() + " " + specs.get(i)) != enable) {
                return false;
            }
        }
        return true;
    }

    /**
     * A restore script deleting many rules at once: iptables-nft resolves each {@code -D} by scanning the
     * chain, so deleting 3,000 port rules one by one took 2.6 s here. Instead the affected owned chains are
     * flushed and refilled with their other rules, read back from iptables-save, in one transaction. Fails
     * like {@code -D} would when a rule to delete is absent. Safe because only the plugin writes these
     * chains and the driver serialises its calls.
     */
    private String rebuildWithout(List<RuleEntry> entries, List<String> current) {
        TableName table = entries.get(0).table();
        Map<String, Integer> remove = new java.util.HashMap<>();
        Set<String> chains = new java.util.LinkedHashSet<>();
        // One writer pass for all of them: rendering 3,000 rules one spec() at a time took 0.1-0.2 s here.
        List<String> specs = renderer.specs(table, entries.stream().map(RuleEntry::rule).toList());
        for (int i = 0; i < entries.size(); i++) {
            remove.merge("-A " + entries.get(i).chain() + " " + specs.get(i), 1, Integer::sum);
            chains.add(entries.get(i).chain());
        }
        StringBuilder script = new StringBuilder("*").append(table.text()).append('\n');
        for (String chain : chains) {
            script.append("-F ").append(chain).append('\n');
        }
        for (String line : current) {
            String rest = line.startsWith("-A ") ? line.substring(3) : "";
            int sp = rest.indexOf(' ');
            String chain = sp < 0 ? rest : rest.substring(0, sp);
            if (!chains.contains(chain)) {
                continue;
            }
            Integer n = remove.get(line);
            if (n != null && n > 0) {
                remove.put(line, n - 1);
            } else {
                script.append(line).append('\n');
            }
        }
        for (Map.Entry<String, Integer> left : remove.entrySet()) {
            if (left.getValue() > 0) {
                throw new IllegalStateException("cannot delete absent rule: " + table.text() + " " + left.getKey());
            }
        }
        return script.append("COMMIT\n").toString();
    }

    @Override
    protected void applySysctl(String key, String value, boolean optional) {
        Command.Result r = run(List.of("sysctl", "-qw", key + "=" + value), null);
        if (!r.ok() && !optional) {
            throw new IllegalStateException("sysctl " + key + "=" + value + " failed: " + r.stderr().strip());
        }
    }

    @Override
    public void ensureBase() {
        applySysctl("net.ipv4.ip_forward", "1", false);
        String dump = run(List.of("iptables-save"), null).orThrow().stdout();
        Map<TableName, List<String>> tables = parseSave(dump);
        StringBuilder script = new StringBuilder();
        for (TableName table : OwnedChains.tables()) {
            List<String> lines = tables.getOrDefault(table, List.of());
            StringBuilder t = new StringBuilder();
            for (String chain : OwnedChains.of(table)) {
                if (!lines.contains(":" + chain)) {
                    t.append(':').append(chain).append(" - [0:0]\n");
                }
            }
            for (RuleEntry head : BaseRules.chainHeads()) {
                String line = "-A " + head.chain() + " " + renderer.spec(head.rule());
                if (head.table() == table && !lines.contains(line)) {
                    t.append(line).append('\n');
                }
            }
            for (RuleEntry jump : BaseRules.hookJumps()) {
                String spec = renderer.spec(jump.rule());
                if (jump.table() == table && !lines.contains("-A " + jump.chain() + " " + spec)) {
                    t.append("-I ").append(jump.chain()).append(' ').append(position(lines, jump.chain()))
                            .append(' ').append(spec).append('\n');
                }
            }
            if (t.length() > 0) {
                script.append('*').append(table.text()).append('\n').append(t).append("COMMIT\n");
            }
        }
        if (script.length() > 0) {
            Command.Result r = run(List.of("iptables-restore", "--noflush", "-w"), script.toString());
            if (!r.ok()) {
                throw new DataplaneException("installing netplugin's base chains failed: " + r.stderr().strip()
                        + "\n" + script);
            }
        }
    }

    /**
     * Where the jump into our chain goes: right after FORWARD's jump to DOCKER-USER when there is one, so an
     * admin's DOCKER-USER rules still see every forwarded packet first; else at the top (as Docker does).
     */
    private static int position(List<String> lines, String builtin) {
        if (!builtin.equals("FORWARD")) {
            return 1;
        }
        int n = 0;
        for (String l : lines) {
            if (l.startsWith("-A FORWARD ")) {
                n++;
                if (l.endsWith("-j DOCKER-USER")) {
                    return n + 1;
                }
            }
        }
        return 1;
    }

    /** Per table: chain declarations as ":NAME" and rules as "-A ..." lines. */
    static Map<TableName, List<String>> parseSave(String dump) {
        Map<TableName, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : dump.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                TableName t = TableName.fromText(line.substring(1));
                current = t == null ? null : out.computeIfAbsent(t, k -> new ArrayList<>());
            } else if (current != null && line.startsWith(":")) {
                int sp = line.indexOf(' ');
                current.add(sp < 0 ? line : line.substring(0, sp));
            } else if (current != null && line.startsWith("-A ")) {
                current.add(line);
            }
        }
        return out;
    }

    @Override
    public KernelState observe() {
        return KernelState.of(links(), run(List.of("iptables-save"), null).orThrow().stdout());
    }

    private List<KernelState.Link> links() {
        String json = run(List.of("ip", "-j", "-d", "link", "show"), null).orThrow().stdout();
        List<KernelState.Link> out = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(json)) {
                JsonNode info = n.path("linkinfo").path("info_kind");
                out.add(new KernelState.Link(n.path("ifname").asText(),
                        info.isMissingNode() ? null : info.asText(),
                        n.hasNonNull("ifalias") ? n.get("ifalias").asText() : null,
                        n.hasNonNull("master") ? n.get("master").asText() : null));
            }
        } catch (java.io.IOException e) {
            throw new DataplaneException("cannot parse 'ip -j link show' output", e);
        }
        return out;
    }

    @Override
    public void replaceOwnedRules(List<RuleEntry> entries) {
        Command.Result r = run(List.of("iptables-restore", "--noflush", "-w"), renderer.replaceOwned(entries));
        if (!r.ok()) {
            throw new DataplaneException("rewriting netplugin's chains failed: " + r.stderr().strip());
        }
    }
}
