package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.Set;

/**
 * The {@code auth.mode = dev} authenticator (spec §3.1): a token {@code <tenant-uuid>:<principal>},
 * split at the first ':', names the caller outright and grants every scope. For trusted local use only.
 */
public final class DevAuthenticator implements Authenticator {
    private static final Set<Scope> ALL_SCOPES = Scope.all();

    @Override
    public Caller authenticate(String authorizationHeader, String clientName, String clientVersion) {
        String token = Credentials.bearerToken(authorizationHeader);
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw unauthenticated("a dev token is <tenant-uuid>:<principal>");
        }
        String tenant = token.substring(0, colon);
        String principal = token.substring(colon + 1);
        if (!TenantId.isValid(tenant)) {
            throw unauthenticated("the tenant of a dev token must be a canonical UUID");
        }
        if (!Credentials.isValidPrincipal(principal)) {
            throw unauthenticated("the principal of a dev token must be " + Credentials.principalRule());
        }
        return new Caller(TenantId.parse(tenant), principal, ALL_SCOPES, clientName, clientVersion);
    }
}
