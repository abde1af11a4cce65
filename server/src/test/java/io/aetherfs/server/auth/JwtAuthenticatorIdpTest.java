package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.TestIdp.ISSUER;
import static io.aetherfs.server.auth.TestIdp.claims;
import static io.aetherfs.server.auth.TestIdp.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.server.config.IdentityProvider;
import io.aetherfs.server.config.SignatureAlgorithm;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JwtAuthenticator with an identity provider's JWKS beside afs-server's own HS256 keys. */
class JwtAuthenticatorIdpTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MAX_TTL = Duration.ofDays(1);
    private static final HmacKey K1 = TestTokens.key("k1", 1);
    private static final RSAKey R1 = TestIdp.rsa("r1");
    private static final RSAKey R2 = TestIdp.rsa("r2");
    private static final ECKey E1 = TestIdp.ec("e1", Curve.P_256);
    private static final ECKey E384 = TestIdp.ec("e384", Curve.P_384);

    private final TestClock clock = new TestClock(NOW);
    private final TestIdp idp = new TestIdp();
    private JwtAuthenticator auth;

    private JwtAuthenticator start(Optional<String> audience, SignatureAlgorithm... algorithms) {
        idp.publish(R1, E1, E384);
        var provider = new IdentityProvider(
                new IdentityProvider.JwksLocation.Url(URI.create("https://idp.test/jwks.json")),
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                List.of(algorithms),
                ISSUER,
                audience,
                new IdentityProvider.Claims("tenant", Optional.empty(), "sub", "scope", "", List.of()));
        JwksKeys keys = JwksKeys.start(
                idp::published, "https://idp.test/jwks.json", Duration.ofHours(1), Duration.ofSeconds(30), clock);
        auth = new JwtAuthenticator(
                List.of(K1), Optional.of(new JwtAuthenticator.Provider(provider, keys)), MAX_TTL, clock);
        return auth;
    }

    private JwtAuthenticator start() {
        return start(Optional.of("aetherfs"), SignatureAlgorithm.RS256, SignatureAlgorithm.ES256);
    }

    @AfterEach
    void close() {
        if (auth != null) {
            auth.close();
        }
    }

    private Caller authenticate(String token) {
        return auth.authenticate("Bearer " + token, "idp-client", "2");
    }

    private void assertRejected(String token, String expected) {
        assertThatThrownBy(() -> authenticate(token)).isInstanceOfSatisfying(AfsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(expected).doesNotContain(token).doesNotContain("com.nimbusds", "java.");
        });
    }

    private static ObjectNode valid() {
        return claims(NOW.minusSeconds(5), 3600, "openid tenant.session.read profile tenant.filesystem.read");
    }

    @Test
    void rs256Token_ofTheProvider_isTheCallerItNames() {
        start();

        Caller caller = authenticate(sign(R1, JWSAlgorithm.RS256, valid()));

        assertThat(caller.tenant().value()).isEqualTo(TestIdp.TENANT);
        assertThat(caller.principal()).isEqualTo("alice@example.com");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.SESSION_READ, Scope.FILESYSTEM_READ);
        assertThat(caller.clientName()).isEqualTo("idp-client");
    }

    @Test
    void es256Token_isAccepted() {
        start();

        assertThat(authenticate(sign(E1, JWSAlgorithm.ES256, valid())).principal())
                .isEqualTo("alice@example.com");
    }

    @Test
    void otherConfiguredAlgorithms_psAndEs384_areAccepted() {
        start(Optional.empty(), SignatureAlgorithm.PS256, SignatureAlgorithm.ES384);

        assertThat(authenticate(sign(R1, JWSAlgorithm.PS256, valid()))).isNotNull();
        assertThat(authenticate(sign(E384, JWSAlgorithm.ES384, valid()))).isNotNull();
        assertRejected(sign(R1, JWSAlgorithm.RS256, valid()), "alg is \"RS256\"; HS256, PS256, ES384 are accepted");
    }

    @Test
    void hs256Tokens_stillVerifyBesideTheProvider() {
        start();
        String native_ = TestTokens.sign(TestTokens.header("k1"), TestTokens.claims(NOW, 60), K1);

        assertThat(authenticate(native_).principal()).isEqualTo("alice");
    }

    @Test
    void algorithmOutsideTheConfiguredOnes_isRefusedListingThem() {
        start();

        assertRejected(sign(E384, JWSAlgorithm.ES384, valid()), "HS256, RS256, ES256 are accepted");
        assertRejected(
                TestTokens.part("{\"alg\":\"none\",\"kid\":\"r1\"}") + "." + TestTokens.part(valid().toString()) + ".",
                "alg is \"none\"");
    }

    @Test
    void hs256SignedWithTheProvidersPublicKey_isRefused() {
        start();
        // The classic confusion: HMAC keyed with the published RSA modulus, under the RSA key's kid.
        HmacKey publicAsSecret = new HmacKey("r1", R1.getModulus().decode());

        assertRejected(
                TestTokens.sign(TestTokens.header("r1"), valid(), publicAsSecret),
                "unknown kid \"r1\": no key of auth.hmac_keys");
    }

    @Test
    void keyOfTheWrongType_isRefusedSayingSo() {
        start();
        ObjectNode c = valid();

        assertRejected(
                sign(new RSAKey.Builder(R1).keyID("e1").build(), JWSAlgorithm.RS256, c),
                "alg RS256 does not fit the identity provider's key \"e1\" (an EC P-256 key)");
    }

    @Test
    void alteredToken_isRefused() {
        start();
        String token = sign(R1, JWSAlgorithm.RS256, valid());
        String[] p = token.split("\\.");
        String forged = TestTokens.part(valid().put("sub", "mallory").toString());

        assertRejected(p[0] + "." + forged + "." + p[2], "signature does not verify with key \"r1\"");
        assertRejected(
                sign(new RSAKey.Builder(R2).keyID("r1").build(), JWSAlgorithm.RS256, valid()),
                "signature does not verify with key \"r1\": the token was altered, or signed with another key");
    }

    @Test
    void wrongIssuerOrAudience_isRefusedNamingTheExpectedOne() {
        start();

        assertRejected(
                sign(R1, JWSAlgorithm.RS256, valid().put("iss", "https://evil.test/")),
                "iss claim must be \"https://idp.test/\"");
        assertRejected(sign(R1, JWSAlgorithm.RS256, valid().put("iss", "afs-server")), "iss claim must be");
        assertRejected(sign(R1, JWSAlgorithm.RS256, valid().put("aud", "other")), "aud claim must name \"aetherfs\"");
        ObjectNode noAud = valid();
        noAud.remove("aud");
        assertRejected(sign(R1, JWSAlgorithm.RS256, noAud), "aud claim must name");
        ObjectNode several = valid();
        several.putArray("aud").add("other").add("aetherfs");
        assertThat(authenticate(sign(R1, JWSAlgorithm.RS256, several))).isNotNull();
    }

    @Test
    void expiredOrNotYetValid_isRefused() {
        start();

        assertRejected(
                sign(R1, JWSAlgorithm.RS256, claims(NOW.minusSeconds(7200), 3600, "tenant.session.read")),
                "expired at 2026-12-07T11:00:00Z; get a new one from the identity provider");
        assertRejected(
                sign(
                        R1,
                        JWSAlgorithm.RS256,
                        valid().put("nbf", NOW.plusSeconds(600).getEpochSecond())),
                "not valid before 2026-12-07T12:10:00Z");
        assertRejected(
                sign(R1, JWSAlgorithm.RS256, claims(NOW, MAX_TTL.toSeconds() + 1, "x")),
                "more than auth.max_token_ttl_secs");
    }

    @Test
    void unknownKid_readsTheKeySetAgain_thenAcceptsTheRotatedKey() {
        start();
        idp.publish(R1, R2, E1);
        clock.advance(Duration.ofSeconds(30)); // the startup read counts for the rate limit
        int reads = idp.reads();

        assertThat(authenticate(sign(R2, JWSAlgorithm.RS256, valid())).principal())
                .isEqualTo("alice@example.com");
        assertThat(idp.reads()).isEqualTo(reads + 1);
    }

    @Test
    void unknownKid_readsAgainAtMostOncePerMinimumInterval() {
        start();
        clock.advance(Duration.ofSeconds(30));
        RSAKey r3 = TestIdp.rsa("r3");
        assertRejected(sign(r3, JWSAlgorithm.RS256, valid()), "unknown kid \"r3\"");
        int reads = idp.reads();

        idp.publish(R1, r3);
        assertRejected(sign(r3, JWSAlgorithm.RS256, valid()), "at most every 30 s");
        assertThat(idp.reads()).isEqualTo(reads);

        clock.advance(Duration.ofSeconds(30));
        assertThat(authenticate(sign(r3, JWSAlgorithm.RS256, valid()))).isNotNull();
        assertThat(idp.reads()).isEqualTo(reads + 1);
    }

    @Test
    void missingScopeClaim_isRefusedNamingIt() {
        start();
        ObjectNode c = valid();
        c.remove("scope");

        assertRejected(sign(R1, JWSAlgorithm.RS256, c), "the token has no scope claim");
    }
}
