package io.aetherfs.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.IdentityProvider.JwksLocation;
import io.aetherfs.server.config.ServerConfig.AuthMode;
import io.aetherfs.service.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [auth]} keys of an identity provider: parsing, defaults and the rules between them. */
class AuthConfigTest {
    private static final String TENANT = "3f0c8a9e-1111-4a5b-9c2d-1234567890ab";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private ServerConfig load() {
        return new ConfigLoader(dir, env).load(null, Map.of());
    }

    private void writeConfig(String toml) throws IOException {
        Files.writeString(dir.resolve("afs-server.toml"), toml);
    }

    @Test
    void load_jwksUrlWithClaims_bindsTheIdentityProvider() throws IOException {
        writeConfig("""
                [auth]
                mode = "jwt"
                jwks_url = "https://login.example.com/.well-known/jwks.json"
                jwks_refresh_secs = 600
                jwks_min_refetch_secs = 10
                jwks_algorithms = ["rs256", "ES384", "PS256"]
                issuer = "https://login.example.com/"
                audience = "aetherfs"

                [auth.claims]
                tenant = "/org/tenant_id"
                principal = "email"
                scopes = "roles"
                scope_prefix = "afs:"
                scope_map = ["readers=tenant.session.read", "readers=tenant.filesystem.read"]
                """);

        ServerConfig.Auth auth = load().auth();

        assertThat(auth.mode()).isEqualTo(AuthMode.JWT);
        assertThat(auth.hmacKeys()).isEmpty();
        IdentityProvider idp = auth.identityProvider().orElseThrow();
        assertThat(idp.jwks())
                .isEqualTo(new JwksLocation.Url(URI.create("https://login.example.com/.well-known/jwks.json")));
        assertThat(idp.refreshInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(idp.minRefetchInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(idp.algorithms())
                .containsExactly(SignatureAlgorithm.RS256, SignatureAlgorithm.ES384, SignatureAlgorithm.PS256);
        assertThat(idp.issuer()).isEqualTo("https://login.example.com/");
        assertThat(idp.audience()).contains("aetherfs");
        assertThat(idp.claims().tenant()).isEqualTo("/org/tenant_id");
        assertThat(idp.claims().principal()).isEqualTo("email");
        assertThat(idp.claims().scopes()).isEqualTo("roles");
        assertThat(idp.claims().scopePrefix()).isEqualTo("afs:");
        assertThat(idp.claims().scopeMap())
                .containsExactly(
                        new ScopeAlias("readers", Scope.SESSION_READ),
                        new ScopeAlias("readers", Scope.FILESYSTEM_READ));
    }

    @Test
    void load_jwksFileFromEnvironment_withDefaults_resolvesTheFileAndKeepsNativeClaimNames() {
        env.put("AFS_SERVER_AUTH_MODE", "jwt");
        env.put("AFS_SERVER_AUTH_JWKS_FILE", "keys/jwks.json");
        env.put("AFS_SERVER_AUTH_ISSUER", "https://idp.test/");
        env.put("AFS_SERVER_AUTH_CLAIMS_FIXED_TENANT", TENANT);
        env.put("AFS_SERVER_AUTH_JWKS_ALGORITHMS", "ES256,ES512");

        IdentityProvider idp = load().auth().identityProvider().orElseThrow();

        assertThat(idp.jwks()).isEqualTo(new JwksLocation.File(dir.resolve("keys/jwks.json")));
        assertThat(idp.refreshInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(idp.minRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(idp.algorithms()).containsExactly(SignatureAlgorithm.ES256, SignatureAlgorithm.ES512);
        assertThat(idp.audience()).isEmpty();
        assertThat(idp.claims().fixedTenant()).contains(TenantId.parse(TENANT));
        assertThat(idp.claims().principal()).isEqualTo("sub");
        assertThat(idp.claims().scopes()).isEqualTo("scopes");
    }

    @Test
    void load_nothingSet_hasNoIdentityProvider() {
        assertThat(load().auth().identityProvider()).isEmpty();
    }

    @Test
    void load_jwksWithoutIssuer_failsNamingTheSource() {
        env.put("AFS_SERVER_AUTH_JWKS_URL", "https://idp.test/jwks");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwks_url (from environment variable AFS_SERVER_AUTH_JWKS_URL)")
                .hasMessageContaining("needs auth.issuer");
    }

    @Test
    void load_urlAndFileTogether_fail() {
        env.put("AFS_SERVER_AUTH_JWKS_URL", "https://idp.test/jwks");
        env.put("AFS_SERVER_AUTH_JWKS_FILE", "/etc/jwks.json");
        env.put("AFS_SERVER_AUTH_ISSUER", "https://idp.test/");

        assertThatThrownBy(this::load).hasMessageContaining("exclude each other");
    }

    @Test
    void load_providerSettingWithoutJwks_failsNamingTheKey() throws IOException {
        writeConfig("[auth]\naudience = \"aetherfs\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.audience (from config file " + dir.resolve("afs-server.toml") + ")")
                .hasMessageContaining("applies to identity-provider tokens only");
    }

    @Test
    void load_providerDefaultsWithoutJwks_areAccepted() throws IOException {
        writeConfig("[auth]\njwks_refresh_secs = 300\n[auth.claims]\nprincipal = \"sub\"\n");

        assertThat(load().auth().identityProvider()).isEmpty();
    }

    @Test
    void load_fixedTenantAndTenantClaim_fail() {
        env.put("AFS_SERVER_AUTH_JWKS_URL", "https://idp.test/jwks");
        env.put("AFS_SERVER_AUTH_ISSUER", "https://idp.test/");
        env.put("AFS_SERVER_AUTH_CLAIMS_FIXED_TENANT", TENANT);
        env.put("AFS_SERVER_AUTH_CLAIMS_TENANT", "tid");

        assertThatThrownBy(this::load).hasMessageContaining("the tenant is either fixed or a claim");
    }

    @Test
    void load_jwtWithOnlyAJwks_needsNoHmacKeys() {
        env.put("AFS_SERVER_AUTH_MODE", "jwt");
        env.put("AFS_SERVER_AUTH_JWKS_URL", "http://127.0.0.1:9/jwks");
        env.put("AFS_SERVER_AUTH_ISSUER", "https://idp.test/");

        assertThat(load().auth().identityProvider()).isPresent();
    }

    @Test
    void badValues_areRefusedSayingWhatIsExpected() throws IOException {
        Map<String, String> bad = Map.of(
                "AFS_SERVER_AUTH_JWKS_URL", "ftp://idp.test/jwks",
                "AFS_SERVER_AUTH_JWKS_ALGORITHMS", "HS256",
                "AFS_SERVER_AUTH_CLAIMS_SCOPE_MAP", "readers=tenant.everything",
                "AFS_SERVER_AUTH_CLAIMS_FIXED_TENANT", "not-a-uuid",
                "AFS_SERVER_AUTH_CLAIMS_SCOPES", "/bad~pointer",
                "AFS_SERVER_AUTH_JWKS_REFRESH_SECS", "0");
        Map<String, String> expected = Map.of(
                "AFS_SERVER_AUTH_JWKS_URL", "expected an http:// or https:// URL",
                "AFS_SERVER_AUTH_JWKS_ALGORITHMS", "HS256 tokens are verified with auth.hmac_keys",
                "AFS_SERVER_AUTH_CLAIMS_SCOPE_MAP", "'tenant.everything' is not one of the 14 canonical scope names",
                "AFS_SERVER_AUTH_CLAIMS_FIXED_TENANT", "expected a canonical UUID",
                "AFS_SERVER_AUTH_CLAIMS_SCOPES", "expected a JSON Pointer",
                "AFS_SERVER_AUTH_JWKS_REFRESH_SECS", "expected an integer from 1 to 86400");
        for (var e : bad.entrySet()) {
            env.clear();
            env.put(e.getKey(), e.getValue());
            assertThatThrownBy(this::load)
                    .as(e.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("environment variable " + e.getKey())
                    .hasMessageContaining(expected.get(e.getKey()));
        }
    }

    @Test
    void unknownClaimsKey_isRefusedNamingTheFile() throws IOException {
        writeConfig("[auth.claims]\ngroups = \"roles\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key auth.claims.groups in config file");
        env.put("AFS_SERVER_AUTH_JWKS_TIMEOUT", "5");
        assertThatThrownBy(() -> new ConfigLoader(dir.resolve("none"), env).load(null, Map.of()))
                .hasMessageContaining("unknown environment variable AFS_SERVER_AUTH_JWKS_TIMEOUT");
    }

    @Test
    void emptyAlgorithmList_isRefused() throws IOException {
        writeConfig("[auth]\njwks_file = \"/jwks.json\"\nissuer = \"i\"\njwks_algorithms = []\n");

        assertThatThrownBy(this::load).hasMessageContaining("is empty; name at least one algorithm");
    }
}
