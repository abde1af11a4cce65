package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secret routes of spec §9.5 over HTTP: PUT scopes, GET lookup order, paged listing, DELETE {@code ?scope}. */
class SecretsHttpIT {
    private static final String TENANT = "5ec7e700-0000-4000-8000-00000000000a";

    @TempDir
    Path dir;

    private static byte[] body(String value, String scope) {
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return ("{\"value\":\"" + b64 + "\"" + (scope == null ? "" : ",\"scope\":\"" + scope + "\"") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetListDelete_overHttp() {
        try (InProcessServer server = InProcessServer.start(dir, Map.of())) {
            ApiClient api = server.client(TENANT, "agent");
            String s = api.newSession("secrets");
            String base = "/v1/sessions/" + s + "/secrets/";
            JsonNode ref = ApiClient.ok(api.put(base + "K", body("t", "TENANT"), "Content-Type", "application/json"))
                    .json();
            assertThat(ref.path("scope").asText()).isEqualTo("SECRET_SCOPE_TENANT");
            assertThat(ref.has("value")).isFalse();
            ApiClient.ok(api.put(base + "K", body("s", null), "Content-Type", "application/json"));
            ApiClient.ok(api.put(base + "L", body("l", "SECRET_SCOPE_SESSION"), "Content-Type", "application/json"));

            JsonNode got = ApiClient.ok(api.get(base + "K")).json();
            assertThat(got.path("scope").asText()).isEqualTo("SECRET_SCOPE_SESSION");
            assertThat(got.path("updatedBy").asText()).isEqualTo("agent");
            List<String> listed = new ArrayList<>();
            String token = "";
            do {
                JsonNode page = ApiClient.ok(api.get("/v1/sessions/" + s + "/secrets?pageSize=1&pageToken=" + token))
                        .json();
                page.path("secrets").forEach(r -> {
                    assertThat(r.has("value")).isFalse();
                    listed.add(r.path("name").asText() + "/" + r.path("scope").asText());
                });
                token = page.path("nextPageToken").asText();
            } while (!token.isEmpty());
            assertThat(listed)
                    .containsExactly("K/SECRET_SCOPE_SESSION", "K/SECRET_SCOPE_TENANT", "L/SECRET_SCOPE_SESSION");

            ApiClient.ok(api.delete(base + "K"));
            assertThat(ApiClient.ok(api.get(base + "K")).json().path("scope").asText())
                    .isEqualTo("SECRET_SCOPE_TENANT");
            ApiClient.ok(api.delete(base + "K?scope=SECRET_SCOPE_TENANT"));
            assertThat(api.get(base + "K").status()).isEqualTo(404);
            assertThat(api.delete(base + "K?scope=TENANT").status()).isEqualTo(404);
        }
    }
}
