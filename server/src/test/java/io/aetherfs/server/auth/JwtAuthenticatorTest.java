package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.TestTokens.TENANT;
import static io.aetherfs.server.auth.TestTokens.claims;
import static io.aetherfs.server.auth.TestTokens.header;
import static io.aetherfs.server.auth.TestTokens.key;
import static io.aetherfs.server.auth.TestTokens.part;
import static io.aetherfs.server.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final HmacKey K1 = key("k1", 1);
    private static final HmacKey K2 = key("k2", 2);
    private static final Duration MAX_TTL = Duration.ofDays(30);

    private final JwtAuthenticator auth =
            new JwtAuthenticator(List.of(K1, K2), MAX_TTL, Clock.fixed(NOW, ZoneOffset.UTC));

    private Caller authenticate(String token) {
        return auth.authenticate("Bearer " + token, "afs-cli", "1.0");
    }

    /** Asserts UNAUTHENTICATED with {@code expected} in the message, and no part of the token in it. */
    private void assertRejected(String token, String expected) {
        assertThatThrownBy(() -> authenticate(token)).isInstanceOfSatisfying(AfsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(expected).doesNotContain(token);
            for (String p : token.split("\\.")) {
                if (p.length() > 12) {
                    assertThat(e.getMessage()).doesNotContain(p);
                }
            }
        });
    }

    private static String valid(HmacKey key) {
        return sign(header(key.kid()), claims(NOW.minusSeconds(10), 3600), key);
    }

    @Test
    void authenticate_validToken_grantsExactlyTheListedScopes() {
        Caller caller = authenticate(valid(K1));

        assertThat(caller.tenant()).isEqualTo(new TenantId(TENANT));
        assertThat(caller.principal()).isEqualTo("alice");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.SESSION_READ, Scope.FILESYSTEM_READ);
        assertThat(caller.has(Scope.FILESYSTEM_WRITE)).isFalse();
        assertThat(caller.clientName()).isEqualTo("afs-cli");
        assertThat(caller.clientVersion()).isEqualTo("1.0");
    }

    @Test
    void authenticate_adminScope_impliesTenantScopesThroughTheScopeChecks() {
        ObjectNode c = claims(NOW, 60);
        c.putArray("scopes").add("tenant.admin");

        Caller caller = authenticate(sign(header("k1"), c, K1));

        assertThat(caller.scopes()).containsExactly(Scope.ADMIN);
        assertThat(caller.has(Scope.FILESYSTEM_WRITE)).isTrue();
        assertThat(caller.has(Scope.CLUSTER_ADMIN)).isFalse();
    }

    @Test
    void authenticate_upperCaseTenant_isNormalized() {
        ObjectNode c = claims(NOW, 60).put("tenant", TENANT.toUpperCase());

        assertThat(authenticate(sign(header("k1"), c, K1)).tenant().value()).isEqualTo(TENANT);
    }

    @Test
    void authenticate_tokensOfEveryConfiguredKey_verify() {
        assertThat(authenticate(valid(K1)).principal()).isEqualTo("alice");
        assertThat(authenticate(valid(K2)).principal()).isEqualTo("alice");
    }

    @Test
    void authenticate_tamperedPayload_isRejected() {
        String[] parts = valid(K1).split("\\.");
        String forged = part(claims(NOW, 3600).put("sub", "mallory").toString());

        assertRejected(parts[0] + "." + forged + "." + parts[2], "signature does not verify");
    }

    @Test
    void authenticate_tamperedSignature_isRejected() {
        String token = valid(K1);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? "BA" : "AA");

        assertRejected(tampered, "signature does not verify");
        assertRejected(token.substring(0, token.lastIndexOf('.') + 1) + "AAAA", "signature does not verify");
    }

    @Test
    void authenticate_signedWithAnotherKeyUnderAConfiguredKid_isRejected() {
        assertRejected(sign(header("k1"), claims(NOW, 60), key("k1", 9)), "signature does not verify with key \"k1\"");
        assertRejected(sign(header("k1"), claims(NOW, 60), K2), "signature does not verify");
    }

    @Test
    void authenticate_unknownKid_isRejectedNamingIt() {
        assertRejected(sign(header("k9"), claims(NOW, 60), key("k9", 9)), "unknown kid \"k9\"");
    }

    @Test
    void authenticate_missingKid_isRejected() {
        ObjectNode h = header("k1");
        h.remove("kid");

        assertRejected(sign(h, claims(NOW, 60), K1), "no kid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "RS256", "HS512", "hs256", ""})
    void authenticate_algOtherThanHs256_isRejected(String alg) {
        String token = sign(header("k1").put("alg", alg), claims(NOW, 60), K1);

        assertRejected(token, "only HS256 is accepted");
    }

    @Test
    void authenticate_unsignedAlgNoneToken_isRejected() {
        String token = part("{\"alg\":\"none\"}") + "." + part(claims(NOW, 60).toString()) + ".";

        assertRejected(token, "alg is \"none\"");
    }

    @Test
    void authenticate_critHeader_isRejected() {
        ObjectNode h = header("k1");
        h.putArray("crit").add("exp");

        assertRejected(sign(h, claims(NOW, 60), K1), "crit");
    }

    @Test
    void authenticate_missingExpOrIat_isRejected() {
        ObjectNode noExp = claims(NOW, 60);
        noExp.remove("exp");
        ObjectNode noIat = claims(NOW, 60);
        noIat.remove("iat");

        assertRejected(sign(header("k1"), noExp, K1), "no exp claim");
        assertRejected(sign(header("k1"), noIat, K1), "no iat claim");
    }

    @Test
    void authenticate_nonIntegerTimes_areRejected() {
        assertRejected(
                sign(header("k1"), claims(NOW, 60).put("exp", "tomorrow"), K1), "exp claim must be whole seconds");
        assertRejected(sign(header("k1"), claims(NOW, 60).put("iat", 1.5), K1), "iat claim must be whole seconds");
        assertRejected(sign(header("k1"), claims(NOW, 60).put("iat", -1), K1), "iat claim must be whole seconds");
    }

    @Test
    void authenticate_lifetimeAboveMaxTtl_isRejected() {
        String token = sign(header("k1"), claims(NOW, MAX_TTL.toSeconds() + 1), K1);

        assertRejected(token, "more than auth.max_token_ttl_secs = 2592000");
        assertThat(authenticate(sign(header("k1"), claims(NOW, MAX_TTL.toSeconds()), K1)))
                .isNotNull();
    }

    @Test
    void authenticate_expNotAfterIat_isRejected() {
        assertRejected(sign(header("k1"), claims(NOW, 0), K1), "is not after its iat");
    }

    @Test
    void authenticate_expired_isRejectedSayingWhen() {
        String token = sign(header("k1"), claims(NOW.minusSeconds(7200), 3600), K1);

        assertRejected(token, "expired at 2026-11-20T11:00:00Z");
    }

    @Test
    void authenticate_atExactlyExp_isExpired() {
        assertRejected(sign(header("k1"), claims(NOW.minusSeconds(60), 60), K1), "expired at 2026-11-20T12:00:00Z");
    }

    @Test
    void authenticate_iatInTheFuture_isAcceptedOnlyWithinTheSkew() {
        Instant withinSkew = NOW.plus(JwtAuthenticator.CLOCK_SKEW);
        Instant beyond = withinSkew.plusSeconds(1);

        assertThat(authenticate(sign(header("k1"), claims(withinSkew, 60), K1)).principal())
                .isEqualTo("alice");
        assertRejected(sign(header("k1"), claims(beyond, 60), K1), "issued in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "0b9c3c1e5a7f4d2e9c112f4b6a8d0e13", ""})
    void authenticate_badTenant_isRejected(String tenant) {
        assertRejected(
                sign(header("k1"), claims(NOW, 60).put("tenant", tenant), K1), "tenant claim must be a canonical UUID");
    }

    @Test
    void authenticate_missingTenant_isRejected() {
        ObjectNode c = claims(NOW, 60);
        c.remove("tenant");

        assertRejected(sign(header("k1"), c, K1), "tenant claim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice bob", "bell\u0007"})
    void authenticate_badPrincipal_isRejected(String sub) {
        assertRejected(sign(header("k1"), claims(NOW, 60).put("sub", sub), K1), "sub claim (the principal)");
    }

    @Test
    void authenticate_unknownScope_isRejectedNamingIt() {
        ObjectNode c = claims(NOW, 60);
        c.putArray("scopes").add("tenant.session.read").add("tenant.everything");

        assertRejected(sign(header("k1"), c, K1), "unknown scope \"tenant.everything\"");
    }

    @Test
    void authenticate_legacyOrMalformedScopes_areRejected() {
        ObjectNode alias = claims(NOW, 60);
        alias.putArray("scopes").add("session:read");
        ObjectNode notArray = claims(NOW, 60).put("scopes", "tenant.session.read");
        ObjectNode notStrings = claims(NOW, 60);
        notStrings.putArray("scopes").add(7);

        assertRejected(sign(header("k1"), alias, K1), "unknown scope");
        assertRejected(sign(header("k1"), notArray, K1), "scopes claim must be an array");
        assertRejected(sign(header("k1"), notStrings, K1), "only strings");
    }

    @Test
    void authenticate_wrongOrMissingIssuer_isRejected() {
        ObjectNode missing = claims(NOW, 60);
        missing.remove("iss");

        assertRejected(
                sign(header("k1"), claims(NOW, 60).put("iss", "someone-else"), K1), "iss claim must be \"afs-server\"");
        assertRejected(sign(header("k1"), missing, K1), "iss claim");
    }

    @Test
    void authenticate_malformedStructure_isRejected() {
        String[] p = valid(K1).split("\\.");

        assertRejected(p[0] + "." + p[1], "three base64url parts");
        assertRejected(p[0] + "." + p[1] + "." + p[2] + ".x", "three base64url parts");
        assertRejected("abc", "three base64url parts");
        assertRejected(p[0] + "=." + p[1] + "." + p[2], "header is not valid unpadded base64url");
        assertRejected(p[0] + "." + p[1] + "." + p[2] + "=", "signature is not valid unpadded base64url");
        assertRejected(p[0] + ".." + p[2], "signature does not verify");
    }

    @Test
    void authenticate_malformedBase64OfPayload_isRejectedAfterTheSignatureChecks() {
        String header = part(header("k1").toString());
        String input = header + ".a";
        String token = input + "." + TestTokens.mac(K1, input);

        assertRejected(token, "payload is not valid unpadded base64url");
    }

    @Test
    void authenticate_malformedJson_isRejected() {
        assertRejected(sign("{\"alg\":", claims(NOW, 60).toString(), K1), "header is not valid JSON");
        assertRejected(sign("[1,2]", claims(NOW, 60).toString(), K1), "header is not a JSON object");
        assertRejected(sign(header("k1").toString(), "{\"iss\":", K1), "payload is not valid JSON");
        assertRejected(sign(header("k1").toString(), "\"text\"", K1), "payload is not a JSON object");
    }

    @Test
    void authenticate_duplicateClaim_isRejected() {
        String payload = claims(NOW, 60).toString().replace("{", "{\"exp\":99999999999,");

        assertRejected(sign(header("k1").toString(), payload, K1), "payload is not valid JSON");
    }

    @Test
    void authenticate_devToken_isRejectedSayingDevTokensAreOff() {
        assertRejected(
                TENANT + ":alice", "dev tokens (<tenant-uuid>:<principal>) are not accepted when auth.mode = jwt");
    }

    @Test
    void authenticate_missingHeaderOrWrongScheme_isRejected() {
        assertThatThrownBy(() -> auth.authenticate(null, null, null)).hasMessageContaining("missing Authorization");
        assertThatThrownBy(() -> auth.authenticate("Basic " + valid(K1), null, null))
                .hasMessageContaining("Bearer scheme")
                .hasMessageNotContaining(valid(K1));
    }

    @Test
    void authenticate_overlongToken_isRejected() {
        assertRejected("a".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1), "longer than 8192");
    }

    @Test
    void unsafeKidOrScope_isNotEchoed() {
        String kid = "k\u0007" + "x".repeat(100);

        assertRejected(sign(header(kid), claims(NOW, 60), K1), "unknown kid (not shown");
    }

    @Test
    void constructor_noKeysOrDuplicateKids_fails() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new JwtAuthenticator(List.of(), MAX_TTL, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.hmac_keys");
        assertThatThrownBy(() -> new JwtAuthenticator(List.of(K1, key("k1", 5)), MAX_TTL, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k1 twice");
    }

    @Test
    void caller_scopes_areACopyInDeclarationOrder() {
        ObjectNode c = claims(NOW, 60);
        c.putArray("scopes").add("cluster.admin").add("tenant.session.read").add("tenant.session.read");

        assertThat(authenticate(sign(header("k1"), c, K1)).scopes())
                .isEqualTo(EnumSet.of(Scope.SESSION_READ, Scope.CLUSTER_ADMIN));
    }
}
