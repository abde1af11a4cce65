package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The knowledge-cache rows of spec §9.4: literal segments ({@code keys}, {@code stats}) win over a key,
 * and a key's encoded slash or colon stays inside its segment, decoded only once cut out (§8.10).
 */
class CacheRoutesTest {
    private static final Engine engine =
            new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT);
    private static final InProcessNotifier notifier = new InProcessNotifier();
    private static final Services services = new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT);
    private static final Router router =
            new Router(RouteTable.build(FakeImpls.create(), services, new Idempotency(engine)));

    @AfterAll
    static void close() {
        services.close();
        engine.close();
        notifier.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,    /v1/sessions/sess_a/cache/k,                 GetCacheEntry",
        "PUT,    /v1/sessions/sess_a/cache/k,                 SetCacheEntry",
        "DELETE, /v1/sessions/sess_a/cache/k,                 DeleteCacheEntry",
        "GET,    /v1/sessions/sess_a/cache/k/exists,          CacheEntryExists",
        "GET,    /v1/sessions/sess_a/cache/k/metadata,        GetCacheEntryMetadata",
        "POST,   /v1/sessions/sess_a/cache/k/compare-and-set, CompareAndSetCacheEntry",
        "GET,    /v1/sessions/sess_a/cache/keys,              ListCacheKeys",
        "GET,    /v1/sessions/sess_a/cache/stats,             GetCacheStats",
        "POST,   /v1/sessions/sess_a/cache/batch-get,         BatchGetCacheEntries",
        "POST,   /v1/sessions/sess_a/cache/batch-set,         BatchSetCacheEntries",
        "POST,   /v1/sessions/sess_a/cache/batch-delete,      BatchDeleteCacheEntries",
        "POST,   /v1/sessions/sess_a/cache/delete-by-prefix,  DeleteCacheEntriesByPrefix",
    })
    void match_specRoute_bindsItsRpc(String method, String path, String rpc) {
        Router.Match m = router.match(HttpMethod.valueOf(method), path);
        assertThat(m.route().operation()).isEqualTo("aetherfs.v1.KnowledgeCacheService/" + rpc);
    }

    @Test
    void match_encodedSlashAndColon_stayInTheKey() {
        // Armeria hands the path over with %3A decoded (but %2F kept); the raw path keeps both
        Router.Match m = router.match(
                HttpMethod.GET,
                "/v1/sessions/sess_a/cache/tests:unit%2Fa%20b/metadata",
                "/v1/sessions/sess_a/cache/tests%3Aunit%2Fa%20b/metadata");
        assertThat(m.route().operation()).endsWith("/GetCacheEntryMetadata");
        assertThat(m.params()).isEqualTo(Map.of("session_id", "sess_a", "key", "tests:unit/a b"));
        assertThat(router.match(HttpMethod.PUT, "/v1/sessions/sess_a/cache/keys")
                        .params())
                .containsEntry("key", "keys"); // a reserved name, refused by the service
        assertThat(router.match(HttpMethod.POST, "/v1/sessions/sess_a%3Aarchive")
                        .route()
                        .operation())
                .endsWith("/ArchiveSession");
    }
}
