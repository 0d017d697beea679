package io.bridgelab.plugin.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of dockerd's option maps, which may hold JSON nulls (so {@code Map.copyOf} cannot be used). */
final class Options {
    private Options() {
    }

    static Map<String, Object> copy(Map<String, Object> options) {
        return options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    static Map<String, String> copyStrings(Map<String, String> options) {
        return options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
