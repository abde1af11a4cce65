package io.aetherfs.server.auth;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.Set;

/**
 * The {@code auth.mode = dev} authenticator (spec §3.1): a token {@code <tenant-uuid>:<principal>},
 * split at the first ':', names the caller outright and grants every scope. For trusted local use only.
 */
public final class DevAuthenticator implements Authenticator {
    static final int MAX_PRINCIPAL_CHARS = 128;
    private static final String SCHEME = "Bearer";
    private static final Set<Scope> ALL_SCOPES = Scope.all();

    @Override
    public Caller authenticate(String authorizationHeader, String clientName, String clientVersion) {
        String token = bearerToken(authorizationHeader);
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw unauthenticated("a dev token is <tenant-uuid>:<principal>");
        }
        String tenant = token.substring(0, colon);
        String principal = token.substring(colon + 1);
        if (!TenantId.isValid(tenant)) {
            throw unauthenticated("the tenant of a dev token must be a canonical UUID");
        }
        if (!isValidPrincipal(principal)) {
            throw unauthenticated("the principal of a dev token must be 1-" + MAX_PRINCIPAL_CHARS
                    + " printable characters without whitespace");
        }
        return new Caller(TenantId.parse(tenant), principal, ALL_SCOPES, clientName, clientVersion);
    }

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
    static boolean isValidPrincipal(String p) {
        int count = p.codePointCount(0, p.length());
        return count >= 1 && count <= MAX_PRINCIPAL_CHARS && p.codePoints().allMatch(DevAuthenticator::isPrintable);
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

    private static AfsException unauthenticated(String message) {
        return new AfsException(ErrorCode.UNAUTHENTICATED, message);
    }
}
