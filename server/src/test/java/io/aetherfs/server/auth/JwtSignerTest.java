package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.TestTokens.TENANT;
import static io.aetherfs.server.auth.TestTokens.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JwtSignerTest {
    private static final Instant IAT = Instant.parse("2026-11-20T12:00:00Z");
    private static final HmacKey K1 = key("k1", 1);
    private static final TokenClaims CLAIMS = new TokenClaims(
            new TenantId(TENANT),
            "agent:7",
            EnumSet.of(Scope.FILESYSTEM_WRITE, Scope.SESSION_READ),
            IAT,
            IAT.plus(Duration.ofHours(24)));

    private static JsonNode json(String part) throws Exception {
        return JwtClaims.JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    @Test
    void sign_writesHs256HeaderWithKidAndTheExactClaims() throws Exception {
        String[] parts = new JwtSigner(K1).sign(CLAIMS).split("\\.");

        assertThat(parts).hasSize(3);
        assertThat(json(parts[0]).toString()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
        assertThat(json(parts[1]).toString())
                .isEqualTo("{\"iss\":\"afs-server\",\"tenant\":\"" + TENANT + "\",\"sub\":\"agent:7\","
                        + "\"scopes\":[\"tenant.session.read\",\"tenant.filesystem.write\"],"
                        + "\"iat\":1795176000,\"exp\":1795262400}");
        assertThat(String.join(".", parts)).doesNotContain("=", "+", "/");
    }

    @Test
    void sign_signatureIsHmacSha256OfTheSigningInput() throws Exception {
        String token = new JwtSigner(K1).sign(CLAIMS);
        String input = token.substring(0, token.lastIndexOf('.'));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(K1.key(), "HmacSHA256"));

        byte[] expected = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)))
                .isEqualTo(expected);
    }

    @Test
    void sign_thenAuthenticate_roundTrips() {
        var auth = new JwtAuthenticator(
                List.of(key("k0", 7), K1), Duration.ofDays(1), Clock.fixed(IAT.plusSeconds(5), ZoneOffset.UTC));

        assertThat(auth.verify(new JwtSigner(K1).sign(CLAIMS))).isEqualTo(CLAIMS);
    }
}
