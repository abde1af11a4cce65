package io.aetherfs.service.tooling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;

/**
 * The canonical form of a tool call's input or output: the JSON value with object members sorted by
 * name and no insignificant whitespace, so equal values have equal text, size and digest whichever
 * transport or client sent them.
 */
final class JsonValues {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private JsonValues() {}

    /** A canonical value, its UTF-8 size and its SHA-256. */
    record Canonical(String json, String sha256) {}

    /**
     * Returns the canonical form of {@code json} (null for null), refusing it with RESOURCE_EXHAUSTED
     * PAYLOAD_TOO_LARGE when that form exceeds {@code maxBytes}; {@code field} names it in messages.
     */
    static Canonical canonical(String json, String field, int maxBytes) {
        if (json == null) {
            return null;
        }
        byte[] bytes;
        try {
            Object value = CANONICAL.readValue(json, Object.class);
            bytes = CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw AfsException.invalid(field + " is not a JSON value");
        }
        if (bytes.length > maxBytes) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    field + " has " + bytes.length + " bytes as JSON; tool-call values are limited to " + maxBytes,
                    "limit",
                    Integer.toString(maxBytes));
        }
        return new Canonical(
                new String(bytes, StandardCharsets.UTF_8), Hash.of(bytes).hex());
    }
}
