package io.bridgelab.sim.load.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * nft-chains.json (fixtures/scenarios/lib/nft-chains.py): the nf_tables base chains of the namespace and whether the
 * kernel keeps statistics for each. With the nf_tables backend a built-in chain that iptables created on the way
 * ({@code iptables -A} into a chain the table did not have, as dockerd does) counts nothing at its policy, and
 * iptables-save prints [0:0] for it as for a counting chain no packet reached; a built-in chain nf_tables does not
 * have at all is not evaluated, so it counts nothing either. The file tells the simulation which policies count.
 *
 * <p>It applies only to a ruleset iptables-save read through nf_tables (its header says {@code (nf_tables)}):
 * iptables-legacy counts every policy, and its tables are not nf_tables chains. A snapshot without the file (made
 * before it was recorded, or without python3) counts every policy.
 */
final class NftChains {
    private NftChains() {
    }

    /** {@code ruleset} with the policies nft-chains.json shows uncounted marked so. */
    static Ruleset apply(Path dir, String iptablesSave, Ruleset ruleset) throws SnapshotException {
        Path file = dir.resolve("nft-chains.json");
        if (!Files.exists(file)) {
            return ruleset;
        }
        Set<String> counted = countedChains(file);
        if (!iptablesSave.lines().findFirst().orElse("").contains("(nf_tables)")) {
            return ruleset;
        }
        Ruleset out = ruleset;
        for (Table t : ruleset.tables()) {
            Table marked = t;
            for (Chain c : t.chains()) {
                if (c.isBuiltin() && !counted.contains(t.name().text() + " " + c.name())) {
                    marked = marked.with(c.withPolicyCounted(false));
                }
            }
            out = out.with(marked);
        }
        return out;
    }

    /** "TABLE CHAIN" of each base chain of family ip that keeps statistics; every entry checked. */
    private static Set<String> countedChains(Path file) throws SnapshotException {
        JsonNode all = Json.array(file);
        Set<String> counted = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode c = all.get(i);
            String where = "[" + i + "]";
            if (!c.isObject()) {
                throw new SnapshotException(file, where, "not an object: " + c);
            }
            String family = Json.text(file, c, where, "family");
            String table = Json.text(file, c, where, "table");
            String name = Json.text(file, c, where, "name");
            JsonNode counters = c.get("counters");
            if (counters == null) {
                throw new SnapshotException(file, where + ".counters", "missing (null for a chain without statistics)");
            }
            if (!counters.isNull()) {
                for (String k : List.of("packets", "bytes")) {
                    JsonNode v = counters.get(k);
                    if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
                        throw new SnapshotException(file, where + ".counters." + k,
                                v == null ? "missing" : "not a count: " + v);
                    }
                }
                if (family.equals("ip")) {
                    counted.add(table + " " + name);
                }
            }
        }
        return counted;
    }
}
