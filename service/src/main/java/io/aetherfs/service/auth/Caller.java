package io.aetherfs.service.auth;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.TenantId;
import java.util.Set;

/**
 * The authenticated caller of a request: tenant, principal and granted scopes, plus the client
 * identification headers that end up in event actors.
 */
public record Caller(TenantId tenant, String principal, Set<Scope> scopes, String clientName, String clientVersion) {
    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** Returns whether the caller holds (or is granted through an admin scope) {@code scope}. */
    public boolean has(Scope scope) {
        return scope.grantedBy(scopes);
    }

    /** Throws PERMISSION_DENIED unless the caller holds {@code scope}. */
    public void require(Scope scope) {
        if (!has(scope)) {
            throw new AfsException(ErrorCode.PERMISSION_DENIED, "this call needs the scope " + scope.wireName());
        }
    }

    /** Returns the actor recorded in events caused by this caller. */
    public Actor actor() {
        return new Actor(principal, clientName, clientVersion, null);
    }
}
