package io.aetherfs.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP half of {@link EdgeFuzzer}: requests of the JSON and raw routes as they go on the wire, with
 * their path variables, query parameters, headers and bodies drawn from {@link EdgeFuzzValues}, and
 * archives for tarball sync.
 */
final class EdgeFuzzHttp {
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");
    private static final int MAX_FILE = EdgeFuzzIT.MAX_FILE;
    private static final List<String> BAD_SEGMENTS = List.of(
            "%ff",
            "%c3",
            "%ed%a0%80",
            "..",
            "%2e%2e",
            "a%5c..%5cb",
            "%00",
            "x".repeat(300),
            "sess_%2Fx",
            "%zz",
            "%",
            "%3Amerge",
            "\u00e9",
            "a%20b",
            "*");
    private static final List<String> BAD_ESCAPES =
            List.of("%ff", "%c3%28", "%ed%a0%80", "%c0%af", "%", "%zz", "a%5c..%5cb", "..%2f..", "%00", "%e2%82");

    private final List<String> pool;
    private final String authorization;

    /** Requests naming the sessions of {@code pool} (the first is the main one) as {@code authorization}. */
    EdgeFuzzHttp(List<String> pool, String authorization) {
        this.pool = pool;
        this.authorization = authorization;
    }

    /** One HTTP request as it goes on the wire. */
    record HttpCase(String method, String target, Map<String, String> headers, byte[] body) {
        String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + EdgeFuzzer.abbreviate(target) + " " + headers
                    + (b.isEmpty() ? "" : " body " + EdgeFuzzer.escape(b));
        }

        String text() {
            return (target + headers + (body == null ? "" : new String(body, StandardCharsets.UTF_8)))
                    .toLowerCase(Locale.ROOT);
        }
    }

    /** Returns a request of a JSON route. */
    HttpCase json(EdgeFuzzTargets.JsonRoute t, EdgeFuzzValues v) {
        Map<String, String> vars = new LinkedHashMap<>();
        String path = fillTemplate(t.template(), v, vars);
        ObjectNode message = v.message(t.request(), 0, vars.keySet());
        byte[] body = null;
        StringBuilder query = new StringBuilder();
        if (t.body()) {
            body = v.mutate(message, t.request());
        } else {
            message.properties().forEach(e -> appendQuery(query, e.getKey(), e.getValue(), v));
            if (!v.clean && v.chance(8)) {
                appendQuery(query, "bogusParam", ApiClient.JSON.getNodeFactory().textNode("1"), v);
            }
            if (!v.clean && v.chance(5)) {
                body = EdgeFuzzValues.utf8("{\"unexpected\":\"body\"}");
            }
        }
        Map<String, String> headers = headers(v, body != null);
        return new HttpCase(t.method(), path + (query.isEmpty() ? "" : "?" + query), headers, body);
    }

    /** Returns a request of a raw route. */
    HttpCase raw(EdgeFuzzTargets.RawRoute t, EdgeFuzzValues v, Random r) {
        String path = fillTemplate(t.template(), v, new LinkedHashMap<>());
        StringBuilder q = new StringBuilder();
        byte[] body = null;
        Map<String, String> headers = headers(v, false);
        switch (t.method() + " " + t.template().substring(t.template().lastIndexOf('}') + 1)) {
            case "PUT /files" -> {
                param(q, "path", v.pick(EdgeFuzzValues.PATHS), v);
                if (v.chance(50)) {
                    param(q, "createParents", v.pick(List.of("", "true", "false", "yes", "1")), v);
                }
                if (v.chance(30)) {
                    param(q, "mode", v.pick(List.of("0644", "420", "0999", "-1", "99999", "abc", "", "07777")), v);
                }
                if (v.chance(20)) {
                    param(q, "expectedHash", v.pick(List.of("", "0".repeat(64), "zz", "A".repeat(64))), v);
                }
                body = new byte[v.pick(List.of(0, 3, 1000, MAX_FILE, MAX_FILE + 1, 3 * MAX_FILE))];
                r.nextBytes(body);
                if (v.chance(15)) {
                    headers.put(
                            v.pick(List.of("if-match", "if-none-match")),
                            v.pick(List.of("*", "\"zz\"", "junk", "\"\"")));
                }
            }
            case "GET :export" -> {
                if (v.chance(70)) {
                    param(q, "format", v.pick(List.of("tar", "tar.gz", "zip", "TAR", "gz", "", "git-bundle")), v);
                }
                if (v.chance(30)) {
                    param(q, "at", v.string("at"), v);
                }
                if (v.chance(50)) {
                    param(q, "pathPrefix", v.pick(EdgeFuzzValues.PATHS), v);
                }
            }
            case "POST :syncFromTarball" -> {
                if (v.chance(50)) {
                    param(q, "basePath", v.pick(EdgeFuzzValues.PATHS), v);
                }
                if (v.chance(30)) {
                    param(q, "deleteMissing", v.pick(List.of("true", "false", "maybe")), v);
                }
                if (v.chance(30)) {
                    param(q, "expectedFingerprint", v.string("expected_fingerprint"), v);
                }
                body = archive(v, r);
                if (v.chance(70)) {
                    headers.put(
                            "content-type",
                            v.pick(List.of("application/x-tar", "application/gzip", "text/plain", "application/zip")));
                }
            }
            default -> { // GET and HEAD /files
                param(q, "path", v.pick(EdgeFuzzValues.PATHS), v);
                if (v.chance(15)) {
                    headers.put(
                            "range",
                            v.pick(List.of(
                                    "bytes=0-9223372036854775807",
                                    "bytes=-9223372036854775808",
                                    "bytes=9223372036854775806-",
                                    "bytes=5-1",
                                    "bytes=0-0,2-3",
                                    "lines=1-2")));
                }
                if (v.chance(10)) {
                    headers.put("if-none-match", v.pick(List.of("*", "\"x\"", "junk")));
                }
            }
        }
        if (v.chance(8)) {
            param(q, v.pick(List.of("bogus", "path", "PATH", "")), "1", v);
        }
        return new HttpCase(t.method(), path + (q.isEmpty() ? "" : "?" + q), headers, body);
    }

    private static byte[] archive(EdgeFuzzValues v, Random r) {
        TarBuilder tar = new TarBuilder();
        for (int n = r.nextInt(4); n > 0; n--) {
            String name = v.pick(List.of(
                    "t/a.txt", "../evil", "/abs.txt", "a\\..\\b", "x/../y", "ok.txt", "dir/", "é.txt", "c".repeat(99)));
            char type = v.pick(List.of('0', '0', '0', '5', '2', '1', '3', '6', 'x'));
            tar.add(name, type, v.pick(List.of("ok.txt", "../../etc/passwd", "/etc/passwd")), EdgeFuzzValues.utf8("x"));
        }
        byte[] garbage = new byte[r.nextInt(2000)];
        r.nextBytes(garbage);
        byte[] t = tar.tar();
        return v.pick(
                List.of(t, tar.tarGz(), garbage, new byte[0], java.util.Arrays.copyOf(t, Math.max(0, t.length - 700))));
    }

    private String fillTemplate(String template, EdgeFuzzValues v, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String value = var.endsWith("session_id") ? (v.chance(80) ? pool.getFirst() : v.pick(pool)) : v.string(var);
            vars.put(var, value);
            String segment = v.clean || v.chance(88)
                    ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")
                    : v.pick(BAD_SEGMENTS);
            m.appendReplacement(out, Matcher.quoteReplacement(segment));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void appendQuery(StringBuilder q, String name, JsonNode value, EdgeFuzzValues v) {
        if (value.isArray()) {
            value.forEach(e -> appendQuery(q, name, e, v));
        } else if (value.isObject()) {
            if (v.chance(20)) {
                param(q, name, value.toString(), v);
            }
        } else {
            param(q, name, value.isTextual() ? value.textValue() : value.toString(), v);
        }
    }

    private static void param(StringBuilder q, String name, String value, EdgeFuzzValues v) {
        if (!q.isEmpty()) {
            q.append('&');
        }
        String encoded =
                !v.clean && v.chance(10) ? v.pick(BAD_ESCAPES) : URLEncoder.encode(value, StandardCharsets.UTF_8);
        q.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(encoded);
    }

    private Map<String, String> headers(EdgeFuzzValues v, boolean jsonBody) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("authorization", !v.clean && v.chance(3) ? v.pick(List.of("Bearer x", "Basic eDp5", "")) : authorization);
        if (jsonBody) {
            h.put(
                    "content-type",
                    v.chance(90)
                            ? "application/json"
                            : v.pick(List.of("text/plain", "application/json; charset=latin1")));
        }
        for (int n = !v.clean && v.chance(30) ? 1 + (v.chance(30) ? 1 : 0) : 0; n > 0; n--) {
            switch (v.pick(List.of("if-match", "lock", "idem", "rid", "client", "ifnone"))) {
                case "if-match" ->
                    h.put("if-match", v.pick(List.of("*", "\"" + "0".repeat(64) + "\"", "junk", "\"a\",\"b\"")));
                case "ifnone" -> h.put("if-none-match", v.pick(List.of("*", "\"x\"")));
                case "lock" -> h.put("x-aetherfs-lock-token", v.pick(List.of("", "lock_x", "t".repeat(500))));
                case "idem" -> h.put("idempotency-key", v.pick(List.of("", "k1", "k".repeat(200))));
                case "rid" -> h.put("x-request-id", v.pick(List.of("", "r".repeat(2000), "id with spaces")));
                default -> h.put("x-aetherfs-client-name", v.pick(List.of("", "n".repeat(500), "\u00e9")));
            }
        }
        return h;
    }
}
