package io.aetherfs.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.QueryParams;
import io.aetherfs.core.error.AfsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds an RPC's request message from an HTTP request (spec §2): the JSON body (empty means
 * {@code {}}), then query parameters and path variables as fields of the same message, then the
 * {@code x-aetherfs-lock-token} header as {@code lock_token} when the message has one. A field given twice
 * (body and query, or body and path) is INVALID_ARGUMENT. The tree is checked by {@link JsonShape} and
 * parsed with the proto3 JSON parser. For PATCH, {@code update_mask} is the set of top-level body fields
 * unless the body gives one.
 */
final class JsonBinder {
    /** The deepest nesting of objects and arrays a body may have; requests need a handful of levels. */
    static final int MAX_NESTING = 100;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            // the body limit (limits.max_json_body_bytes) bounds strings; Jackson's own 20M
                            // characters would refuse a batch write of 16 MiB content, which base64 makes 22M
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private JsonBinder() {}

    /** What one request supplies for its message. */
    record Input(byte[] body, Map<String, String> pathParams, QueryParams query, String lockToken, boolean patch) {}

    /** Returns the request message of type {@code prototype} bound from {@code in}. */
    static Message bind(Message prototype, Input in) {
        Descriptor type = prototype.getDescriptorForType();
        ObjectNode root = parseBody(in.body());
        List<String> bodyFields =
                root.properties().stream().map(Map.Entry::getKey).toList();
        addQuery(root, type, in.query());
        for (Map.Entry<String, String> p : in.pathParams().entrySet()) {
            put(root, type, p.getKey(), TextNode.valueOf(p.getValue()), "in the URL path");
        }
        FieldDescriptor lock = type.findFieldByName("lock_token");
        if (in.lockToken() != null && lock != null && !has(root, lock)) {
            root.put(lock.getJsonName(), in.lockToken());
        }
        JsonShape.check(root, type, "");
        Message.Builder b = prototype.newBuilderForType();
        try {
            PARSER.merge(MAPPER.writeValueAsString(root), b);
        } catch (InvalidProtocolBufferException e) {
            throw AfsException.invalid("invalid request: " + withoutJavaNames(e.getMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FieldDescriptor mask = type.findFieldByName("update_mask");
        if (in.patch() && mask != null && !b.hasField(mask)) {
            FieldMask.Builder m = FieldMask.newBuilder();
            bodyFields.forEach(n -> m.addPaths(JsonShape.field(type, n).getName()));
            b.setField(mask, m.build());
        }
        return b.build();
    }

    /**
     * Returns the body's JSON object; an empty body is {@code {}}. The body must be UTF-8 (RFC 8259 §8.1;
     * a leading byte order mark is skipped): it is decoded strictly, so a malformed sequence, an encoded
     * surrogate or an overlong form is refused rather than replaced or guessed as UTF-16 or UTF-32.
     */
    static ObjectNode parseBody(byte[] body) {
        if (isBlank(body)) {
            return JsonNodeFactory.instance.objectNode();
        }
        int start = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf
                ? 3
                : 0;
        Reader utf8 = new InputStreamReader(
                new ByteArrayInputStream(body, start, body.length - start),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        JsonNode n;
        try {
            n = MAPPER.readTree(utf8);
        } catch (JsonProcessingException e) {
            throw JsonSyntaxErrors.of(e);
        } catch (CharacterCodingException e) {
            throw AfsException.invalid("request body is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array fails no other way
        }
        if (!(n instanceof ObjectNode o)) {
            throw AfsException.invalid("request body must be a JSON object, not " + JsonScalars.describe(n));
        }
        return o;
    }

    /**
     * Returns a message of the proto3 JSON parser without the Java class names it may carry (it passes on
     * the text of the exceptions it catches, such as {@code com.google.gson.JsonSyntaxException: …}).
     */
    static String withoutJavaNames(String message) {
        if (message == null || message.isBlank()) {
            return "a value could not be read";
        }
        return message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:? ?", "")
                .replaceAll("(?:com|java|javax|jdk|sun|io|org)\\.[\\w.$]+", "…");
    }

    private static void addQuery(ObjectNode root, Descriptor type, QueryParams query) {
        for (String name : query.names()) {
            FieldDescriptor f = JsonShape.field(type, name);
            if (f == null) {
                throw AfsException.invalid("unknown query parameter \"" + name + "\" (" + type.getFullName() + ")");
            }
            if (f.isMapField()
                    || (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                            && !f.getMessageType().getFullName().startsWith("google.protobuf."))) {
                throw AfsException.invalid("\"" + name + "\" cannot be given as a query parameter");
            }
            List<String> values = query.getAll(name);
            JsonNode v;
            if (f.isRepeated()) {
                ArrayNode arr = JsonNodeFactory.instance.arrayNode();
                values.forEach(s -> arr.add(scalar(f, s)));
                v = arr;
            } else if (values.size() == 1) {
                v = scalar(f, values.getFirst());
            } else {
                throw AfsException.invalid("query parameter \"" + name + "\" is given more than once");
            }
            put(root, type, name, v, "as a query parameter");
        }
    }

    private static JsonNode scalar(FieldDescriptor f, String s) {
        if (f.getJavaType() != FieldDescriptor.JavaType.BOOLEAN) {
            return TextNode.valueOf(s); // the JSON parser accepts numbers, int64 and timestamps as strings
        }
        return switch (s) {
            case "", "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> throw AfsException.invalid("query parameter \"" + f.getJsonName() + "\" must be true or false");
        };
    }

    private static void put(ObjectNode root, Descriptor type, String name, JsonNode v, String source) {
        FieldDescriptor f = JsonShape.field(type, name);
        if (f == null) {
            throw new IllegalStateException("route variable " + name + " is not a field of " + type.getFullName());
        }
        if (has(root, f)) {
            throw AfsException.invalid("\"" + f.getJsonName() + "\" is given " + source + " and again in the body");
        }
        root.set(f.getJsonName(), v);
    }

    private static boolean has(ObjectNode root, FieldDescriptor f) {
        return root.has(f.getJsonName()) || root.has(f.getName());
    }

    private static boolean isBlank(byte[] body) {
        for (byte c : body) {
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
