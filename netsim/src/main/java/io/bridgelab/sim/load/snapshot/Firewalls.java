package io.bridgelab.sim.load.snapshot;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.netfilter.text.ParseException;
import io.bridgelab.netfilter.text.SaveWarnings;
import io.bridgelab.sim.load.TextFile;
import io.bridgelab.sim.world.UnsimulatedChain;
import io.bridgelab.sim.world.UnsimulatedChain.Origin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's packet filtering as its snapshot shows it: the iptables ruleset the simulation runs, and the chains
 * the kernel runs beside it that the simulation does not ({@link UnsimulatedChain}).
 *
 * <ul>
 * <li>iptables-save-c.txt: the ruleset of the backend {@code iptables-save} is (its header says {@code (nf_tables)}
 * for iptables-nft; a header without it is iptables-legacy's).</li>
 * <li>iptables-legacy-save-c.txt (or iptables-nft-save-c.txt): the other backend's rules, recorded when it has any.
 * When the first ruleset can change nothing (no rule, every policy ACCEPT) and iptables-save did not call a table
 * incompatible, the other is the one that filters, and the simulation runs it: a host whose dockerd wrote its rules
 * with iptables-legacy while {@code iptables} is iptables-nft (or the reverse) is simulated with Docker's rules.
 * Otherwise the other backend's built-in chains are unsimulated.</li>
 * <li>nft-chains.json: every nf_tables base chain. Those of iptables-nft's own tables (family ip, a built-in chain's
 * name at its hook, in a table iptables-save did not call incompatible) are iptables-nft's, described from its save
 * text when it is not the backend simulated; every other chain is nft's own (firewalld, nftables.conf) and
 * unsimulated. IPv6 chains (ip6) are left out: the simulation carries no IPv6.</li>
 * </ul>
 */
final class Firewalls {
    private Firewalls() {
    }

    static final String SAVE = "iptables-save-c.txt";
    static final String LEGACY_SAVE = "iptables-legacy-save-c.txt";
    static final String NFT_SAVE = "iptables-nft-save-c.txt";

    /** The ruleset simulated and the chains that are not. */
    record Loaded(Ruleset ruleset, List<UnsimulatedChain> unsimulated) {
    }

    static Loaded read(Path dir) throws SnapshotException {
        Path saveFile = dir.resolve(SAVE);
        String save = text(saveFile);
        boolean saveIsNft = isNft(save, dir);
        Path otherFile = dir.resolve(saveIsNft ? LEGACY_SAVE : NFT_SAVE);
        String other = Files.exists(otherFile) ? text(otherFile) : "";
        SaveWarnings warnings = SaveWarnings.of(save);
        List<NftChains.BaseChain> chains = NftChains.read(dir);
        Ruleset ruleset = parse(chains, saveFile, save);
        boolean simulatingNft = saveIsNft;
        if (hasTables(other) && isNoop(ruleset) && warnings.incompatible().isEmpty()) {
            ruleset = parse(chains, otherFile, other);
            simulatingNft = !saveIsNft;
        }
        List<UnsimulatedChain> unsimulated = new ArrayList<>();
        for (NftChains.BaseChain c : chains == null ? List.<NftChains.BaseChain>of() : chains) {
            // IPv6 chains see no packet the simulation carries; iptables-nft's own are in its save text.
            boolean iptablesNft = isIptablesChain(c) && warnings.incompatible().stream()
                    .noneMatch(w -> w.whole() && w.table().equals(c.table()));
            // A snapshot of a legacy host without iptables-nft-save's text (older than the file) has only these.
            boolean undescribed = iptablesNft && !saveIsNft && !Files.exists(otherFile);
            if (!c.family().equals("ip6") && (!iptablesNft || undescribed)) {
                unsimulated.add(new UnsimulatedChain(iptablesNft ? Origin.IPTABLES_NFT : Origin.NFTABLES, c.family(),
                        c.table(), c.name(), c.hook(), c.device(), c.priority(), c.policy(), c.rules()));
            }
        }
        String nft = saveIsNft ? save : other;
        String legacy = saveIsNft ? other : save;
        unsimulated.addAll(simulatingNft ? builtinChains(legacy, Origin.IPTABLES_LEGACY)
                : builtinChains(nft, Origin.IPTABLES_NFT));
        return new Loaded(ruleset, unsimulated);
    }

    /**
     * Whether iptables-save-c.txt is iptables-nft's: its header says so; a file without a header (no table at all)
     * is taken for the backend the other file is not.
     */
    private static boolean isNft(String save, Path dir) {
        return NftChains.header(save) != null ? NftChains.readThroughNfTables(save)
                : !Files.exists(dir.resolve(NFT_SAVE));
    }

    private static boolean hasTables(String save) {
        return save.lines().anyMatch(l -> l.startsWith("*"));
    }

    /** No rule in any chain and every built-in's policy ACCEPT: what a packet meets is what it would without it. */
    private static boolean isNoop(Ruleset ruleset) {
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                if (!c.rules().isEmpty() || c.isBuiltin() && c.policy() != Policy.ACCEPT) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A chain iptables-nft made: family ip, a table of iptables' and one of its built-in chains at that one's hook. */
    private static boolean isIptablesChain(NftChains.BaseChain c) {
        TableName t = TableName.fromText(c.table());
        return c.family().equals("ip") && t != null && t.isBuiltin(c.name()) && c.name().equalsIgnoreCase(c.hook());
    }

    /**
     * The built-in chains of iptables-save text of the backend not simulated, with their policies and how many rules
     * each holds, read line by line: they are only described, and a rule the parser would refuse must not hide them.
     */
    private static List<UnsimulatedChain> builtinChains(String save, Origin origin) {
        Map<String, String> policies = new LinkedHashMap<>();
        Map<String, Integer> rules = new LinkedHashMap<>();
        String table = null;
        for (String line : save.split("\n")) {
            String s = line.strip();
            if (s.startsWith("*")) {
                table = s.substring(1);
            } else if (table != null && s.startsWith(":")) {
                String[] f = s.substring(1).split("\\s+");
                TableName t = TableName.fromText(table);
                if (f.length >= 2 && t != null && t.isBuiltin(f[0])) {
                    policies.put(table + " " + f[0], f[1]);
                }
            } else if (table != null) {
                // "-A CHAIN ..." or, with -c, "[p:b] -A CHAIN ...".
                String rule = s.startsWith("[") && s.indexOf("] ") > 0 ? s.substring(s.indexOf("] ") + 2) : s;
                if (rule.startsWith("-A ")) {
                    String[] f = rule.split("\\s+");
                    if (f.length >= 2) {
                        rules.merge(table + " " + f[1], 1, Integer::sum);
                    }
                }
            }
        }
        List<UnsimulatedChain> chains = new ArrayList<>();
        policies.forEach((key, policy) -> {
            String[] tc = key.split(" ");
            chains.add(new UnsimulatedChain(origin, "ip", tc[0], tc[1], tc[1].toLowerCase(java.util.Locale.ROOT), null,
                    priority(tc[0], tc[1]), policy.equals("DROP") ? "drop" : "accept", rules.getOrDefault(key, 0)));
        });
        return chains;
    }

    /** The priority x_tables registers a table's chain at (NF_IP_PRI_*); iptables-nft uses the same. */
    private static int priority(String table, String chain) {
        return switch (table) {
            case "raw" -> -300;
            case "mangle" -> -150;
            case "nat" -> chain.equals("PREROUTING") || chain.equals("OUTPUT") ? -100 : 100;
            case "security" -> 50;
            default -> 0;
        };
    }

    private static String text(Path file) throws SnapshotException {
        try {
            return TextFile.read(file);
        } catch (IOException e) {
            throw new SnapshotException(file, null, "cannot read: " + TextFile.reason(e), e);
        }
    }

    /**
     * The file's ruleset, counters included (the simulation counts on from them); empty: no rules at all. The
     * policies nft-chains.json shows the kernel does not count ({@link NftChains}) stay at their counts.
     */
    private static Ruleset parse(List<NftChains.BaseChain> chains, Path file, String text) throws SnapshotException {
        if (!hasTables(text)) {
            return NftChains.apply(chains, text, Ruleset.EMPTY);
        }
        Ruleset parsed;
        try {
            parsed = IptablesSaveParser.parse(text);
        } catch (ParseException e) {
            String at = "line " + e.line() + ", column " + e.column()
                    + (e.token() == null ? "" : " ('" + e.token() + "')");
            throw new SnapshotException(file, at, e.reason(), e);
        }
        return NftChains.apply(chains, text, parsed);
    }
}
