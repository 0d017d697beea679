package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapper of the protocol and the translation of Jackson's errors into messages that name the
 * field and position, because they are shown verbatim to the user by {@code docker network create}.
 */
public final class ProtocolJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Newer daemons add fields; the protocol is forward compatible.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ProtocolJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code body} (empty means {@code {}}, as dockerd sends for argument-less calls) as {@code type}. */
    public static <T> T read(byte[] body, Class<T> type) throws ProtocolException {
        String json = body.length == 0 ? "{}" : utf8(body);
        if (json.isBlank()) {
            throw new ProtocolException("malformed JSON: the body is " + body.length
                    + " bytes of whitespace, expected an object");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new ProtocolException("request body is JSON null, expected an object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(describe(e));
        } catch (java.io.IOException e) {
            throw new ProtocolException("cannot read request body: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Thrown by a record's compact constructor: the value was well-formed JSON but invalid.
            throw new ProtocolException(e.getMessage());
        }
    }

    /**
     * Decodes strictly: JSON on the wire is UTF-8 (RFC 8259), and handing Jackson raw bytes would let it
     * guess UTF-16 or UTF-32 from NUL bytes and then report an error with no position in the body.
     */
    private static String utf8(byte[] body) throws ProtocolException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ProtocolException("malformed JSON at byte " + in.position() + ": not UTF-8 (0x"
                    + String.format("%02x", body[in.position()] & 0xff) + ")");
        }
        return out.flip().toString();
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** "malformed JSON at line 1, column 12: ..." or "field IPv4Data[0].Pool: ...". */
    static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        int nl = what.indexOf('\n');
        if (nl >= 0) {
            what = what.substring(0, nl);
        }
        StringBuilder where = new StringBuilder();
        Throwable syntax = e;
        while (syntax != null && !(syntax instanceof com.fasterxml.jackson.core.JsonParseException)) {
            syntax = syntax.getCause();
        }
        if (syntax instanceof com.fasterxml.jackson.core.JsonParseException p && p.getLocation() != null) {
            String m = p.getOriginalMessage();
            return "malformed JSON at line " + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr() + ": " + (m.indexOf('\n') >= 0 ? m.substring(0, m.indexOf('\n')) : m);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            where.append("field ");
            boolean first = true;
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    if (!first) {
                        where.append('.');
                    }
                    where.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    where.append('[').append(ref.getIndex()).append(']');
                }
                first = false;
            }
            if (e.getCause() instanceof IllegalArgumentException iae) {
                what = iae.getMessage();
            }
            return where + ": " + what;
        }
        if (e.getLocation() != null) {
            return "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + what;
        }
        return "malformed JSON: " + what;
    }
}
