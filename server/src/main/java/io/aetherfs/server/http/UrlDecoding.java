package io.aetherfs.server.http;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of the URL parts the API reads (path variables, query parameter names and
 * values; spec §2): an escape that is not {@code %} and two hex digits, or bytes that are not valid UTF-8
 * once decoded (a lone {@code %ff}, a truncated sequence, an encoded surrogate, an overlong form), are
 * INVALID_ARGUMENT. Armeria's own decoder and {@code URLDecoder} would put U+FFFD in their place, which
 * turns different bad names into one good one.
 */
final class UrlDecoding {
    private static final byte[] SPACE = {' '};

    private UrlDecoding() {}

    /** Returns the query parameters of the request, strictly decoded ({@code +} is a space). */
    static QueryParams query(ServiceRequestContext ctx) {
        String raw = ctx.query();
        QueryParamsBuilder b = QueryParams.builder();
        if (raw == null || raw.isEmpty()) {
            return b.build();
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName, true, "a query parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "query parameter \"" + name + "\"");
            b.add(name, value);
        }
        return b.build();
    }

    /** Returns a path segment ({@code /v1/sessions/{id}}) decoded; {@code +} stays a plus. */
    static String segment(String raw) {
        return decode(raw, false, "the URL path segment \"" + printable(raw) + "\"");
    }

    private static String decode(String s, boolean plusIsSpace, String what) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
                if (lo < 0) {
                    throw AfsException.invalid(
                            what + " has a malformed percent-escape (a '%' must be followed by two hex digits)");
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                // Armeria percent-encodes every byte past ASCII, so other characters are rare here
                out.writeBytes(
                        c == '+' && plusIsSpace ? SPACE : Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw AfsException.invalid(what + " is not valid UTF-8 once its percent-escapes are decoded");
        }
    }

    /** Returns the value of an ASCII hex digit, or -1 (Character.digit would also take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String printable(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
