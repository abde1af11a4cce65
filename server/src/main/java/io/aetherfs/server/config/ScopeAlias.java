package io.aetherfs.server.config;

import io.aetherfs.service.auth.Scope;

/**
 * One entry of {@code auth.claims.scope_map}: a scope, role or group name as an identity provider puts
 * it in its tokens, and the canonical scope (spec §3.2) it grants. One name may appear in several
 * entries to grant several scopes.
 */
public record ScopeAlias(String name, Scope scope) {
    /** Parses {@code name=scope}, split at the last '='. */
    static ScopeAlias parse(String text) {
        int eq = text.lastIndexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException(
                    "expected idp-name=canonical.scope, e.g. afs-readers=tenant.session.read");
        }
        String scope = text.substring(eq + 1).strip();
        return new ScopeAlias(
                text.substring(0, eq).strip(),
                Scope.parse(scope)
                        .orElseThrow(() -> new IllegalArgumentException("'" + scope
                                + "' is not one of the 14 canonical scope names (tenant.session.read, ...,"
                                + " tenant.admin, cluster.admin)")));
    }
}
