package io.aetherfs.service.secrets;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;

/**
 * Where a secret lives: its scope, tenant (none when unscoped), session (for session secrets) and name.
 * Its {@link #associatedData()} is what a sealed value is bound to.
 */
record SecretPlace(SecretScope scope, TenantId tenant, SessionId session, SecretName name) {
    /** Returns the place of a secret of {@code scope} seen from {@code session} of {@code tenant}. */
    static SecretPlace of(SecretScope scope, TenantId tenant, SessionId session, SecretName name) {
        return switch (scope) {
            case SESSION -> new SecretPlace(scope, tenant, session, name);
            case TENANT -> new SecretPlace(scope, tenant, null, name);
            case UNSCOPED -> new SecretPlace(scope, null, null, name);
        };
    }

    /** Returns the associated data of AES-GCM: a versioned label and every part of the place. */
    String associatedData() {
        return "aetherfs.secret.v1\n" + scope.name() + "\n" + (tenant == null ? "*" : tenant.value()) + "\n"
                + (session == null ? "" : session.value()) + "\n" + name.value();
    }
}
