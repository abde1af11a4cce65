package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The bad inputs {@link BadInputIT} sends: forbidden paths, malformed bodies, bad batch operations, bad tokens. */
final class BadInputs {
    static final String ZERO_HASH = "0".repeat(64);

    private BadInputs() {}

    /** Paths the spec forbids (§2 Paths): each is INVALID_ARGUMENT wherever a path is taken. */
    static Stream<Arguments> badPaths() {
        String longPath = String.join("/", Collections.nCopies(16, "p".repeat(255))) + "/x";
        assertThat(longPath.getBytes(StandardCharsets.UTF_8)).hasSize(4097);
        return Stream.of(
                Arguments.of("parent", "../x"),
                Arguments.of("parent inside", "a/../../x"),
                Arguments.of("dot", "a/./b"),
                Arguments.of("empty component", "a//b"),
                Arguments.of("trailing slash", "d/"),
                Arguments.of("NUL", "a\0b"),
                Arguments.of("256-byte component", "d/" + "c".repeat(256)),
                Arguments.of("4097-byte path", longPath));
    }

    /** The JSON routes that take a path in the body, each built around the bad path. */
    static Stream<Arguments> badPathsInJson() {
        List<Function<String, String[]>> routes = List.of(
                p -> new String[] {
                    "/batch",
                    "{\"operations\":[{\"write\":{\"path\":\"ok-first.txt\",\"content\":\"eA==\"}},"
                            + "{\"write\":{\"path\":" + quote(p) + ",\"content\":\"eA==\",\"createParents\":true}}]}"
                },
                p -> new String[] {"/dirs", "{\"path\":" + quote(p) + ",\"createParents\":true}"},
                p -> new String[] {"/symlinks", "{\"path\":" + quote(p) + ",\"target\":\"f.txt\"}"},
                p -> new String[] {"/rename", "{\"fromPath\":\"f.txt\",\"toPath\":" + quote(p) + "}"});
        return badPaths().flatMap(a -> routes.stream().map(route -> {
            String[] call = route.apply((String) a.get()[1]);
            return Arguments.of(a.get()[0] + " in POST " + call[0], call[0], call[1]);
        }));
    }

    /** Bodies the JSON binder must refuse: label, route under the session, body, a name the message must contain. */
    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("truncated", "/dirs", "{\"path\":\"new\"", null),
                Arguments.of("trailing garbage", "/dirs", "{\"path\":\"new\"} xx", null),
                Arguments.of("not an object", "/dirs", "[\"new\"]", null),
                Arguments.of("string for a bool", "/dirs", "{\"path\":\"new\",\"createParents\":\"yes\"}", null),
                Arguments.of("array for a string", "/dirs", "{\"path\":[\"new\"]}", null),
                Arguments.of("object for a number", "/dirs", "{\"path\":\"new\",\"mode\":{}}", null),
                Arguments.of("duplicate key", "/dirs", "{\"path\":\"new\",\"path\":\"other\"}", null),
                Arguments.of("unknown field", "/dirs", "{\"path\":\"new\",\"createParentz\":true}", "createParentz"),
                Arguments.of(
                        "unknown nested field",
                        "/batch",
                        "{\"operations\":[{\"write\":{\"path\":\"new\",\"content\":\"eA==\",\"bogus\":1}}]}",
                        "bogus"),
                Arguments.of(
                        "unknown batch operation",
                        "/batch",
                        "{\"operations\":[{\"write\":{\"path\":\"new\",\"content\":\"eA==\"}},{\"explode\":{}}]}",
                        "explode"),
                Arguments.of(
                        "bad base64",
                        "/batch",
                        "{\"operations\":[{\"write\":{\"path\":\"new\",\"content\":\"!!not base64!!\"}}]}",
                        null),
                Arguments.of(
                        "unknown enum value",
                        ":merge",
                        "{\"childSessionId\":\"sess_01m80z1qgssc77ye98ed7bmpzz\",\"strategy\":\"MERGE_STRATEGY_YOLO\"}",
                        "MERGE_STRATEGY_YOLO"));
    }

    /** Authorization headers that authenticate nobody (null: none sent). */
    static Stream<String> badAuthorizations() {
        return Stream.of(
                null,
                "",
                "Bearer",
                "Bearer ",
                "Bearer garbage",
                "Bearer not-a-uuid:alice",
                "Bearer 3f0c8a9e-1111-4a5b-9c2d-1234567890ab",
                "Bearer 3f0c8a9e-1111-4a5b-9c2d-1234567890ab:",
                "Bearer 3f0c8a9e-1111-4a5b-9c2d-1234567890ab:has space",
                "Basic YWxpY2U6c2VjcmV0");
    }

    /** One bad operation for the middle of a batch: label, operation, HTTP status, gRPC code, reason. */
    static Stream<Arguments> badBatchOperations() {
        return Stream.of(
                Arguments.of(
                        "stale expectedHash",
                        "{\"write\":{\"path\":\"f.txt\",\"content\":\"eA==\",\"expectedHash\":\"" + ZERO_HASH + "\"}}",
                        409,
                        9,
                        "STALE_EXPECTED_HASH"),
                Arguments.of("mkdir of an existing path", "{\"mkdir\":{\"path\":\"d\"}}", 409, 6, "PATH_EXISTS"),
                Arguments.of(
                        "write below a file", "{\"write\":{\"path\":\"f.txt/x\",\"content\":\"eA==\"}}", 409, 9, null),
                Arguments.of("rmdir of a non-empty directory", "{\"rmdir\":{\"path\":\"d\"}}", 409, 9, null),
                Arguments.of(
                        "delete of a missing file", "{\"delete\":{\"path\":\"missing\"}}", 404, 5, "PATH_NOT_FOUND"),
                Arguments.of("traversal", "{\"write\":{\"path\":\"../x\",\"content\":\"eA==\"}}", 400, 3, null));
    }

    private static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }
}
