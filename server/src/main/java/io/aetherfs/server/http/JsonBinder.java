package io.aetherfs.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.IOException;
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
    static final ObjectMapper MAPPER = JsonMapper.builder()
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
            throw AfsException.invalid("invalid request: " + e.getMessage());
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

    /** Returns the body's JSON object; an empty body is {@code {}}. */
    static ObjectNode parseBody(byte[] body) {
        if (isBlank(body)) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw AfsException.invalid("request body is not valid JSON: " + e.getOriginalMessage()
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw AfsException.invalid("request body could not be read: " + e.getMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw AfsException.invalid("request body must be a JSON object, got " + n.getNodeType());
        }
        return o;
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
