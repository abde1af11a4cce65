package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The values {@link EdgeFuzzer} sends: JSON request bodies generated from a request message's descriptor
 * (plausible values that name the fuzz sessions and their files, so requests reach the services), then
 * broken on purpose: wrong JSON types, unknown and duplicated fields, extreme and malformed numbers, NULs,
 * unpaired surrogates, invalid UTF-8 bytes, deep nesting, truncation, trailing garbage. Paths and other
 * strings come from lists of edge cases (traversal, {@code ..} next to backslashes, overlong components,
 * control characters, encodings). Everything is drawn from one seeded {@link Random}.
 */
final class EdgeFuzzValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_FILE = EdgeFuzzIT.MAX_FILE;

    /** Paths: valid ones that exist in the fuzz sessions, valid new ones, and ones spec §2 forbids. */
    static final List<String> PATHS = List.of(
            "f.txt",
            "d/g.txt",
            "d",
            "a\\..\\b",
            "new.txt",
            "n/e/w.txt",
            "",
            "/",
            "/f.txt",
            "../x",
            "a/../b",
            "..",
            ".",
            "a/./b",
            "a//b",
            "d/",
            "..\\..\\x",
            "a\\b",
            "x\\..",
            "a\0b",
            "c".repeat(255),
            "c".repeat(256),
            "p/".repeat(2048) + "x",
            "é/日本語/😀",
            "a\u202eb",
            "\u0001\u001f",
            "con",
            "%2e%2e",
            "a\nb",
            " ",
            "f.txt/x");

    private static final List<String> TEXTS = List.of(
            "", "x", "a b", "a\0b", "é😀", "\u0000", "t".repeat(201), "t".repeat(5000), "line\nbreak", "\u202e");

    private static final List<String> HASHES =
            List.of("", "0".repeat(64), "zz", "F".repeat(64), "0".repeat(63), "0".repeat(40), "*");

    private final Random r;
    private final List<String> sessions;
    /**
     * Whether this case sends a clean request: valid strings, ids and encodings, so that only the
     * numbers (drawn from their edge values) can be wrong and the request reaches the service.
     */
    final boolean clean;

    EdgeFuzzValues(Random r, List<String> sessions) {
        this.r = r;
        this.sessions = sessions;
        this.clean = r.nextInt(100) < 35;
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    /** Returns a plausible request of type {@code d}, without the fields in {@code skip}. */
    ObjectNode message(Descriptor d, int depth, Set<String> skip) {
        ObjectNode o = NODES.objectNode();
        Set<String> oneofTaken = new java.util.HashSet<>();
        for (FieldDescriptor f : d.getFields()) {
            if (skip.contains(f.getName()) || !chance(depth == 0 ? 70 : 50)) {
                continue;
            }
            if (f.getRealContainingOneof() != null
                    && !oneofTaken.add(f.getRealContainingOneof().getName())) {
                continue;
            }
            o.set(chance(15) ? f.getName() : f.getJsonName(), field(f, depth));
        }
        return o;
    }

    JsonNode field(FieldDescriptor f, int depth) {
        if (f.isMapField()) {
            ObjectNode m = NODES.objectNode();
            FieldDescriptor value = f.getMessageType().findFieldByName("value");
            for (int i = r.nextInt(3); i > 0; i--) {
                m.set(pick(List.of("k", "key" + i, "a:b", "", "é", "k".repeat(70))), single(value, depth + 1));
            }
            return m;
        }
        if (f.isRepeated()) {
            ArrayNode a = NODES.arrayNode();
            for (int i = r.nextInt(4); i > 0; i--) {
                a.add(single(f, depth + 1));
            }
            return a;
        }
        return single(f, depth);
    }

    private JsonNode single(FieldDescriptor f, int depth) {
        String name = f.getName();
        return switch (f.getJavaType()) {
            case STRING -> NODES.textNode(string(name));
            case BOOLEAN -> NODES.booleanNode(name.equals("non_blocking") || r.nextBoolean());
            case INT, LONG -> integer(name);
            case FLOAT, DOUBLE -> NODES.numberNode(pick(List.of(0.0, 1.5, -1.0, 1e300)));
            case BYTE_STRING -> NODES.textNode(base64());
            case ENUM -> {
                List<EnumValueDescriptor> values = f.getEnumType().getValues();
                EnumValueDescriptor v = pick(values);
                yield switch (r.nextInt(4)) {
                    case 0 -> NODES.numberNode(v.getNumber());
                    case 1 -> NODES.textNode(v.getName().substring(v.getName().lastIndexOf('_') + 1));
                    default -> NODES.textNode(v.getName());
                };
            }
            case MESSAGE -> message(f.getMessageType(), depth);
        };
    }

    private JsonNode message(Descriptor type, int depth) {
        return switch (type.getFullName()) {
            case "google.protobuf.Timestamp" ->
                NODES.textNode(pick(List.of("2026-01-01T00:00:00Z", "1970-01-01T00:00:00.5Z", "yesterday", "")));
            case "google.protobuf.Duration" -> NODES.textNode(pick(List.of("1s", "1.5s", "-1s", "forever")));
            case "google.protobuf.FieldMask" -> NODES.textNode(pick(List.of("displayName", "tags,labels", "nope")));
            case "google.protobuf.Empty", "google.protobuf.Struct" -> NODES.objectNode();
            case "google.protobuf.Value" -> NODES.textNode("v");
            default -> depth > 3 ? NODES.objectNode() : message(type, depth + 1, Set.of());
        };
    }

    /** Returns a string for a field, chosen by what its name says it holds. */
    String string(String field) {
        if (clean) {
            return field.endsWith("session_id")
                    ? pick(sessions)
                    : field.contains("path") || field.equals("target")
                            ? pick(PATHS.subList(0, 6))
                            : field.equals("owner_id")
                                    ? "o1"
                                    : field.equals("name") ? "user.k" : field.equals("message") ? "m" : "";
        }
        if (field.endsWith("session_id")) {
            return chance(85) ? pick(sessions) : pick(List.of("", "sess_", "sess_" + "0".repeat(26), "x".repeat(300)));
        }
        if (field.contains("path") || field.equals("target")) {
            return chance(50) ? pick(PATHS.subList(0, 6)) : pick(PATHS); // the first six are valid paths
        }
        if (field.endsWith("hash")) {
            return pick(HASHES);
        }
        if (field.contains("fingerprint")) {
            return pick(List.of("", "zz", "0".repeat(40), "f75e78fd1810b64feddf92973caa41be42718afc", "A".repeat(40)));
        }
        if (field.equals("owner_id")) {
            return pick(List.of("o1", "o2", "", "o".repeat(300)));
        }
        if (field.equals("name")) {
            return pick(List.of("user.k", "user.", "", "n".repeat(300), "user.\0", "security.x", "c1"));
        }
        if (field.endsWith("_id") || field.equals("at")) {
            return pick(List.of("", "ckpt_" + "0".repeat(26), "cmt_" + "0".repeat(26), "nope", "%2F"));
        }
        if (field.equals("page_token")) {
            return pick(List.of("", "garbage", "!!!", "eyJ4IjoxfQ"));
        }
        return pick(TEXTS);
    }

    private JsonNode integer(String field) {
        if (field.equals("wait_timeout_ms")) {
            return NODES.numberNode(pick(List.of(1, 50, 300_001))); // never the 30 s default (0 or negative)
        }
        if (field.equals("mode")) {
            return NODES.numberNode(pick(List.of(0, 0644, 0755, 07777, 010000, -1)));
        }
        if (field.contains("offset")
                || field.contains("length")
                || field.equals("start")
                || field.startsWith("truncate")
                || field.equals("size")) {
            long max = Long.MAX_VALUE;
            return NODES.textNode(Long.toString(
                    pick(List.of(0L, 1L, 5L, 4096L, (long) MAX_FILE, MAX_FILE + 1L, max, max - 1, max / 2 + 1, -1L))));
        }
        return switch (r.nextInt(6)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(r.nextInt(100));
            case 2 -> NODES.textNode(Long.toString(r.nextInt(5000)));
            case 3 -> NODES.textNode(Long.toString(Long.MAX_VALUE));
            case 4 -> NODES.numberNode(-1);
            default -> NODES.numberNode(1 + r.nextInt(8));
        };
    }

    private String base64() {
        byte[] b = new byte[r.nextInt(16)];
        r.nextBytes(b);
        String s = Base64.getEncoder().encodeToString(b);
        return switch (clean ? 4 : r.nextInt(5)) {
            case 0 -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            case 1 -> "!!not base64!!";
            case 2 -> s + "====";
            default -> s;
        };
    }

    /** Returns a value of another JSON type than {@code f} takes, or an extreme one of its type. */
    JsonNode wrong(FieldDescriptor f) {
        return pick(List.of(
                NODES.numberNode(1),
                NODES.booleanNode(true),
                NODES.textNode("true"),
                NODES.objectNode(),
                NODES.arrayNode().add("x"),
                NODES.nullNode(),
                NODES.numberNode(new java.math.BigDecimal("1e999999")),
                NODES.numberNode(new java.math.BigInteger("9".repeat(40))),
                NODES.numberNode(1.5),
                NODES.textNode("9223372036854775808"),
                NODES.textNode("-9223372036854775809"),
                NODES.textNode("0x10"),
                NODES.textNode("9999999999"),
                NODES.textNode(f.getJavaType() == FieldDescriptor.JavaType.STRING ? "\0" : "NaN"),
                NODES.textNode("\ud800"),
                NODES.textNode("x".repeat(70_000))));
    }

    /** Returns {@code body} as bytes, broken in one of many ways (or left alone). */
    byte[] mutate(ObjectNode body, Descriptor type) {
        int kind = clean ? 0 : r.nextInt(26);
        if (kind < 8) {
            return utf8(body.toString()); // as generated
        }
        if (kind < 12 && !type.getFields().isEmpty()) {
            FieldDescriptor f = pick(type.getFields());
            body.set(chance(50) ? f.getJsonName() : f.getName(), wrong(f));
            return utf8(body.toString());
        }
        String json = body.toString();
        return switch (kind) {
            case 12 -> utf8(json.substring(0, r.nextInt(json.length())));
            case 13 -> utf8(json + pick(List.of(" x", "{}", "]", ",", "\0")));
            case 14 -> utf8("[".repeat(50 + r.nextInt(3000)) + "]".repeat(r.nextInt(50)));
            case 15 -> utf8(json.replaceFirst("^\\{", "{\"bogusField\":{\"a\":[1]},"));
            case 16 -> utf8(json.replaceFirst("^\\{", "{\"x\":1,\"x\":2,"));
            case 17 ->
                withBytes(
                        json,
                        pick(List.of(
                                new byte[] {(byte) 0xff},
                                new byte[] {(byte) 0xc3},
                                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                                new byte[] {(byte) 0xc0, (byte) 0xaf},
                                new byte[] {0})));
            case 18 -> utf8(pick(List.of("[]", "\"s\"", "1", "null", "true", "", "   ", "{", "}")));
            case 19 -> utf8(json.replaceFirst("^\\{", "{/* c */ "));
            case 20 -> utf8(json.replace('"', '\''));
            case 21 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(json));
            case 22 -> utf8(json.replaceFirst(":\\s*(\"[^\"]*\"|\\d+|true|false)", ":NaN"));
            case 23 -> utf8(json.replaceFirst("\"([^\"]*)\"\\s*}$", "\"\\\\ud800\"}"));
            case 24 -> utf8("{\"a\":" + "{\"a\":".repeat(r.nextInt(200)) + "1" + "}".repeat(r.nextInt(200)) + "}");
            default -> utf8(json.replaceFirst("^\\{", "{\"" + "k".repeat(10) + "\":\"" + "v".repeat(70_000) + "\","));
        };
    }

    /** Returns {@code json} with {@code bytes} inserted into its first string value (or at the start). */
    private static byte[] withBytes(String json, byte[] bytes) {
        int at = json.indexOf(":\"");
        byte[] all = utf8(json);
        int pos = at < 0 ? 0 : utf8(json.substring(0, at + 2)).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, pos);
        out.writeBytes(bytes);
        out.write(all, pos, all.length - pos);
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Returns JSON text for a string value of the JSON tree (quoted and escaped). */
    static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }
}
