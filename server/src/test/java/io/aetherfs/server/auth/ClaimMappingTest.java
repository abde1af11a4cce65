package io.aetherfs.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.IdentityProvider;
import io.aetherfs.server.config.ScopeAlias;
import io.aetherfs.server.config.SignatureAlgorithm;
import io.aetherfs.service.auth.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {
    private static final String FIXED = "3f0c8a9e-1111-4a5b-9c2d-1234567890ab";

    private static ClaimMapping mapping(IdentityProvider.Claims claims) {
        return ClaimMapping.of(new IdentityProvider(
                new IdentityProvider.JwksLocation.File(Path.of("/jwks.json")),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                List.of(SignatureAlgorithm.RS256),
                TestIdp.ISSUER,
                Optional.empty(),
                claims));
    }

    private static IdentityProvider.Claims claims(String scopes, String prefix, List<ScopeAlias> aliases) {
        return new IdentityProvider.Claims("tenant", Optional.empty(), "sub", scopes, prefix, aliases);
    }

    private static ObjectNode payload() {
        return TestIdp.claims(Instant.parse("2026-12-07T12:00:00Z"), 60, "ignored");
    }

    @Test
    void native_readsTheTokensOfTokenIssue() {
        ObjectNode p = TestTokens.claims(Instant.parse("2026-12-07T12:00:00Z"), 60);

        TokenClaims c = ClaimMapping.NATIVE.decode(p);

        assertThat(c.principal()).isEqualTo("alice");
        assertThat(c.scopes()).containsExactly(Scope.SESSION_READ, Scope.FILESYSTEM_READ);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-12-07T12:01:00Z"));
    }

    @Test
    void spaceSeparatedScope_keepsCanonicalNamesAndIgnoresTheRest() {
        ObjectNode p = payload().put("scope", "openid  tenant.session.read profile\ttenant.admin offline_access");

        assertThat(mapping(claims("scope", "", List.of())).decode(p).scopes())
                .containsExactly(Scope.SESSION_READ, Scope.ADMIN);
    }

    @Test
    void prefix_isRemovedAndNamesWithoutItAreIgnored() {
        ObjectNode p = payload().put("scope", "afs:tenant.session.read tenant.admin afs:tenant.nothing");

        assertThat(mapping(claims("scope", "afs:", List.of())).decode(p).scopes())
                .containsExactly(Scope.SESSION_READ);
    }

    @Test
    void aliases_grantEveryScopeTheyMapTo_fromAnArrayClaim() {
        ObjectNode p = payload();
        p.putArray("roles").add("readers").add("Everyone");
        var aliases = List.of(
                new ScopeAlias("readers", Scope.SESSION_READ),
                new ScopeAlias("readers", Scope.FILESYSTEM_READ),
                new ScopeAlias("admins", Scope.ADMIN));

        assertThat(mapping(claims("roles", "", aliases)).decode(p).scopes())
                .containsExactly(Scope.SESSION_READ, Scope.FILESYSTEM_READ);
    }

    @Test
    void jsonPointer_readsNestedClaims() {
        ObjectNode p = payload();
        p.putObject("realm_access").putArray("roles").add("tenant.filesystem.write");
        p.putObject("org").put("id", FIXED.toUpperCase());
        var c = new IdentityProvider.Claims("/org/id", Optional.empty(), "sub", "/realm_access/roles", "", List.of());

        TokenClaims decoded = mapping(c).decode(p);

        assertThat(decoded.tenant()).isEqualTo(TenantId.parse(FIXED));
        assertThat(decoded.scopes()).containsExactly(Scope.FILESYSTEM_WRITE);
    }

    @Test
    void fixedTenant_replacesTheTenantClaim_andPrincipalComesFromItsClaim() {
        ObjectNode p = payload().put("email", "bob@example.com");
        p.remove("tenant");
        var c = new IdentityProvider.Claims(
                "tenant", Optional.of(TenantId.parse(FIXED)), "email", "scope", "", List.of());

        TokenClaims decoded = mapping(c).decode(p);

        assertThat(decoded.tenant().value()).isEqualTo(FIXED);
        assertThat(decoded.principal()).isEqualTo("bob@example.com");
    }

    @Test
    void badClaims_areRefusedNamingTheConfiguredClaim() {
        var c = new IdentityProvider.Claims("tid", Optional.empty(), "email", "scp", "", List.of());

        assertThatThrownBy(() -> mapping(c).decode(payload().put("tid", "nope")))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("the token's tid claim must be a canonical UUID");
        assertThatThrownBy(() -> mapping(c).decode(payload().put("tid", FIXED).put("email", "a b")))
                .hasMessageContaining("the token's email claim (the principal) must be");
        assertThatThrownBy(() -> mapping(c)
                        .decode(payload().put("tid", FIXED).put("email", "a@b").put("scp", 5)))
                .hasMessageContaining("the token's scp claim must be a space-separated string or an array");
    }
}
