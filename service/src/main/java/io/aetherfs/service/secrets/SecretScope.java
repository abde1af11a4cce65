package io.aetherfs.service.secrets;

import io.aetherfs.service.auth.Scope;

/**
 * Where a secret is visible from and who may write it (spec §8.13): one session, every session of the
 * tenant, or every session of every tenant. A lookup tries them in declaration order.
 */
public enum SecretScope {
    /** This session only; written with {@code tenant.session.write}. The PUT default. */
    SESSION(Scope.SESSION_WRITE),
    /** Every session of the tenant; written with {@code tenant.admin}. */
    TENANT(Scope.ADMIN),
    /** Every session of every tenant (deployment-wide); written with {@code cluster.admin}. */
    UNSCOPED(Scope.CLUSTER_ADMIN);

    private final Scope writtenWith;

    SecretScope(Scope writtenWith) {
        this.writtenWith = writtenWith;
    }

    /** Returns the scope a caller needs to put or delete secrets of this scope. */
    public Scope writtenWith() {
        return writtenWith;
    }

    /** Returns the wire name, e.g. {@code SECRET_SCOPE_TENANT}. */
    public String wireName() {
        return "SECRET_SCOPE_" + name();
    }
}
