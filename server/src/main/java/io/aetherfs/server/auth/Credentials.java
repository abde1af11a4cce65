package io.aetherfs.server.auth;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;

/**
 * The rules every auth mode shares (spec §3.1): how a bearer token is taken from the
 * {@code Authorization} header, and what a principal may look like. Messages never contain the token.
 */
public final class Credentials {
    /** The longest principal, in code points. */
    public static final int MAX_PRINCIPAL_CHARS = 128;

    private static final String SCHEME = "Bearer";

    private Credentials() {}

    /** Returns the token of a {@code Bearer} header (scheme case-insensitive, RFC 7235). */
    static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw unauthenticated("missing Authorization header; send Authorization: Bearer <token>");
        }
        if (header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.charAt(SCHEME.length()) != ' ') {
            throw unauthenticated("the Authorization header must use the Bearer scheme");
        }
        String token = header.substring(SCHEME.length() + 1).strip();
        if (token.isEmpty()) {
            throw unauthenticated("the Authorization header has an empty bearer token");
        }
        return token;
    }

    /** Returns whether {@code p} is 1-128 printable, non-whitespace characters (code points). */
    public static boolean isValidPrincipal(String p) {
        if (p == null) {
            return false;
        }
        int count = p.codePointCount(0, p.length());
        return count >= 1 && count <= MAX_PRINCIPAL_CHARS && p.codePoints().allMatch(Credentials::isPrintable);
    }

    /** Returns what a valid principal looks like, for messages. */
    public static String principalRule() {
        return "1-" + MAX_PRINCIPAL_CHARS + " printable characters without whitespace";
    }

    static AfsException unauthenticated(String message) {
        return new AfsException(ErrorCode.UNAUTHENTICATED, message);
    }

    private static boolean isPrintable(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.UNASSIGNED
                && type != Character.SURROGATE
                && type != Character.FORMAT
                && type != Character.PRIVATE_USE;
    }
}
