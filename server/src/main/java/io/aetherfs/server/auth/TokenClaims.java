package io.aetherfs.server.auth;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Scope;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a signed token says (spec §3.1 {@code jwt}): the tenant, the principal ({@code sub}), exactly the
 * scopes granted, and when it was issued and expires, in whole seconds. The issuer is always
 * {@link #ISSUER}.
 */
public record TokenClaims(TenantId tenant, String principal, Set<Scope> scopes, Instant issuedAt, Instant expiresAt) {
    /** The {@code iss} claim of every token this server issues and accepts. */
    public static final String ISSUER = "afs-server";

    public TokenClaims {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        EnumSet<Scope> copy = EnumSet.noneOf(Scope.class);
        copy.addAll(scopes);
        scopes = Collections.unmodifiableSet(copy); // in declaration order, so encodings are stable
    }
}
