package io.bridgelab.pcap.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the endpoint rewrites of a NAT-aware comparison and folds reply directions into their rewrite. */
final class TranslationTable {
    private static final class Entry {
        final Translation.Kind kind;
        long packets;
        long replies;

        Entry(Translation.Kind kind) {
            this.kind = kind;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A paired packet whose source ({@code atSource}) or destination endpoint went from {@code from} to {@code to}. */
    void saw(String from, String to, boolean atSource) {
        Translation.Kind kind = atSource ? Translation.Kind.SNAT : Translation.Kind.DNAT;
        Entry e = entries.computeIfAbsent(from + "\u0000" + to, k -> new Entry(kind));
        if (e.kind == kind) {
            e.packets++;
        } else {
            e.replies++;
        }
    }

    List<Translation> translations() {
        List<Translation> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            int cut = k.indexOf('\u0000');
            out.add(new Translation(e.kind, k.substring(0, cut), k.substring(cut + 1), e.packets, e.replies));
        });
        return out;
    }
}
