package io.bridgelab.sim.load.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;

import io.bridgelab.sim.load.TextFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Typed reads from the tools' JSON, each failure a {@link SnapshotException} naming the file and field. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The file's top-level JSON array (ip -j and bridge -j print one). */
    static JsonNode array(Path file) throws SnapshotException {
        JsonNode n = read(file);
        if (!n.isArray()) {
            throw new SnapshotException(file, null, "expected a JSON array as ip -j / bridge -j print it");
        }
        return n;
    }

    /**
     * Jackson's message without the source it would name: another location inside it (an unclosed array's start)
     * reads {@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column:
     * 7]}, and the file is named already.
     */
    static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^;\\]]*; (line: \\d+, column: \\d+)\\]", "$1");
    }

    static JsonNode read(Path file) throws SnapshotException {
        try {
            String text = TextFile.read(file);
            // ip -j prints nothing at all for an empty table in some versions.
            return MAPPER.readTree(text.isBlank() ? "[]" : text);
        } catch (NoSuchFileException e) {
            throw new SnapshotException(file, null, "missing (a snapshot folder has one per namespace)", e);
        } catch (JsonProcessingException e) {
            throw new SnapshotException(file, "line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr(), "not valid JSON: " + withoutSource(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new SnapshotException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    static String text(Path file, JsonNode obj, String where, String key) throws SnapshotException {
        JsonNode v = obj.get(key);
        if (v == null || !v.isTextual()) {
            throw new SnapshotException(file, where + "." + key, v == null ? "missing" : "not a string: " + v);
        }
        return v.asText();
    }

    static String optText(JsonNode obj, String key) {
        JsonNode v = obj.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    static int integer(Path file, JsonNode obj, String where, String key) throws SnapshotException {
        JsonNode v = obj.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new SnapshotException(file, where + "." + key, v == null ? "missing" : "not an integer: " + v);
        }
        return v.asInt();
    }

    /** An integer in {@code min..max}, or {@code absent} when the key is not there. */
    static int optInteger(Path file, JsonNode obj, String where, String key, int absent, int min, int max)
            throws SnapshotException {
        if (!obj.has(key)) {
            return absent;
        }
        int v = integer(file, obj, where, key);
        if (v < min || v > max) {
            throw new SnapshotException(file, where + "." + key, v + " is outside " + min + "-" + max);
        }
        return v;
    }

    static Ipv4Address ipv4(Path file, JsonNode obj, String where, String key) throws SnapshotException {
        String s = text(file, obj, where, key);
        try {
            return Ipv4Address.parse(s);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(file, where + "." + key, "not an IPv4 address: '" + s + "'", e);
        }
    }

    static MacAddress mac(Path file, JsonNode obj, String where, String key) throws SnapshotException {
        String s = text(file, obj, where, key);
        try {
            return MacAddress.parse(s);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(file, where + "." + key, "not a MAC address: '" + s + "'", e);
        }
    }

    /** A route's {@code dst}: {@code default}, an address (a /32) or a CIDR. */
    static Cidr destination(Path file, JsonNode obj, String where) throws SnapshotException {
        String s = text(file, obj, where, "dst");
        try {
            if (s.equals("default")) {
                return Cidr.ANY;
            }
            return s.contains("/") ? Cidr.parse(s) : Cidr.host(Ipv4Address.parse(s));
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(file, where + ".dst", "not an IPv4 destination: '" + s + "'", e);
        }
    }
}
