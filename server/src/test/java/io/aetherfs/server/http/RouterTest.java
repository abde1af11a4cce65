package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpHeaderNames;
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

/** The /v1 route table as spec §9.1, §9.2 and the events and bus rows of §9.4 spell it, custom verbs included. */
class RouterTest {
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
        "POST,   /v1/sessions,                       SessionService/CreateSession",
        "GET,    /v1/sessions,                       SessionService/ListSessions",
        "GET,    /v1/sessions/sess_a,                SessionService/GetSession",
        "PATCH,  /v1/sessions/sess_a,                SessionService/UpdateSession",
        "DELETE, /v1/sessions/sess_a,                SessionService/DeleteSession",
        "POST,   /v1/sessions/sess_a/fork,           SessionService/ForkSession",
        "POST,   /v1/sessions/sess_a:archive,        SessionService/ArchiveSession",
        "POST,   /v1/sessions/sess_a:hydrate,        SessionService/HydrateSession",
        "POST,   /v1/sessions/sess_a:submitForReview, SessionService/SubmitForReview",
        "POST,   /v1/sessions/sess_a:reopen,         SessionService/ReopenSession",
        "POST,   /v1/sessions/sess_a/checkpoints,    PersistenceService/CreateCheckpoint",
        "GET,    /v1/sessions/sess_a/checkpoints,    PersistenceService/ListCheckpoints",
        "GET,    /v1/sessions/sess_a/checkpoints/ckpt_1, PersistenceService/GetCheckpoint",
        "DELETE, /v1/sessions/sess_a/checkpoints/ckpt_1, PersistenceService/DeleteCheckpoint",
        "POST,   /v1/sessions/sess_a/restore,        PersistenceService/RestoreCheckpoint",
        "POST,   /v1/sessions/sess_a/commit,         PersistenceService/Commit",
        "GET,    /v1/sessions/sess_a/commits,        PersistenceService/ListCommits",
        "GET,    /v1/sessions/sess_a/commits/cmt_1,  PersistenceService/GetCommit",
        "POST,   /v1/sessions/sess_a/generateCommitSummary, PersistenceService/GenerateCommitSummary",
        "GET,    /v1/sessions/sess_a/diff,           PersistenceService/GetDiff",
        "POST,   /v1/sessions/sess_a:merge,          PersistenceService/Merge",
        "POST,   /v1/sessions/sess_a:mergeFrom,      PersistenceService/MergeFrom",
        "GET,    /v1/sessions/sess_a:export,         http:Export",
        "POST,   /v1/sessions/sess_a:syncFromTarball, http:SyncFromTarball",
        "GET,    /v1/sessions/sess_a/manifest,       FileSystemService/GetFileManifest",
        "GET,    /v1/sessions/sess_a/files,          http:ReadFile",
        "HEAD,   /v1/sessions/sess_a/files,          http:StatFile",
        "PUT,    /v1/sessions/sess_a/files,          http:WriteFile",
        "DELETE, /v1/sessions/sess_a/files,          FileSystemService/DeleteFile",
        "POST,   /v1/sessions/sess_a/dirs,           FileSystemService/CreateDirectory",
        "DELETE, /v1/sessions/sess_a/dirs,           FileSystemService/DeleteDirectory",
        "POST,   /v1/sessions/sess_a/rename,         FileSystemService/Rename",
        "POST,   /v1/sessions/sess_a:rename,         FileSystemService/Rename",
        "POST,   /v1/sessions/sess_a:link,           FileSystemService/Link",
        "POST,   /v1/sessions/sess_a:unlink,         FileSystemService/Unlink",
        "POST,   /v1/sessions/sess_a/symlinks,       FileSystemService/CreateSymlink",
        "GET,    /v1/sessions/sess_a/readSymlink,    FileSystemService/ReadSymlink",
        "POST,   /v1/sessions/sess_a/batch,          FileSystemService/Batch",
        "POST,   /v1/sessions/sess_a/patchSegments,  FileSystemService/PatchSegments",
        "POST,   /v1/sessions/sess_a/seekHoleData,   FileSystemService/SeekHoleData",
        "POST,   /v1/sessions/sess_a:seekHoleData,   FileSystemService/SeekHoleData",
        "GET,    /v1/sessions/sess_a/getCasExtents,  FileSystemService/GetCasExtents",
        "GET,    /v1/sessions/sess_a:getCasExtents,  FileSystemService/GetCasExtents",
        "POST,   /v1/sessions/sess_a/fallocate,      FileSystemService/Fallocate",
        "POST,   /v1/sessions/sess_a:fallocate,      FileSystemService/Fallocate",
        "POST,   /v1/sessions/sess_a:setAttributes,  FileSystemService/SetAttributes",
        "POST,   /v1/sessions/sess_a:setXattr,       FileSystemService/SetXattr",
        "GET,    /v1/sessions/sess_a:getXattr,       FileSystemService/GetXattr",
        "POST,   /v1/sessions/sess_a:getXattr,       FileSystemService/GetXattr",
        "GET,    /v1/sessions/sess_a:listXattrs,     FileSystemService/ListXattrs",
        "POST,   /v1/sessions/sess_a:listXattrs,     FileSystemService/ListXattrs",
        "POST,   /v1/sessions/sess_a:removeXattr,    FileSystemService/RemoveXattr",
        "POST,   /v1/sessions/sess_a:getPosixLock,   FileSystemService/GetPosixLock",
        "POST,   /v1/sessions/sess_a:setPosixLock,   FileSystemService/SetPosixLock",
        "POST,   /v1/sessions/sess_a:setPosixLockBlocking, FileSystemService/SetPosixLockBlocking",
        "POST,   /v1/sessions/sess_a:flock,          FileSystemService/Flock",
        "POST,   /v1/sessions/sess_a:funlock,        FileSystemService/Funlock",
        "GET,    /v1/sessions/sess_a/events,         ObservabilityService/ListEvents",
        "POST,   /v1/sessions/sess_a/bus:publish,    MessageBusService/Publish",
        "GET,    /v1/sessions/sess_a/bus,            MessageBusService/Subscribe",
    })
    void match_specRoute_bindsItsOperation(String method, String path, String operation) {
        Router.Match m = router.match(HttpMethod.valueOf(method), path);
        String expected = operation.startsWith("http:") ? operation : "aetherfs.v1." + operation;
        assertThat(m.route().operation()).isEqualTo(expected);
        long ids = java.util.regex.Pattern.compile("sess_a|ckpt_1|cmt_1")
                .matcher(path)
                .results()
                .count();
        assertThat(m.params().values()).hasSize((int) ids).allMatch(v -> v.matches("sess_a|ckpt_1|cmt_1"));
    }

    @Test
    void match_customVerb_capturesIdWithoutVerbAndLabelsTheTemplate() {
        Router.Match m = router.match(HttpMethod.POST, "/v1/sessions/sess_01:merge");
        assertThat(m.params()).isEqualTo(Map.of("parent_session_id", "sess_01"));
        assertThat(m.route().path().label()).isEqualTo("/v1/sessions/{parentSessionId}:merge");
    }

    @Test
    void match_percentEncodedColon_isTheVerbSeparator() {
        assertThat(router.match(HttpMethod.POST, "/v1/sessions/sess_a%3Aarchive")
                        .route()
                        .operation())
                .isEqualTo("aetherfs.v1.SessionService/ArchiveSession");
    }

    @Test
    void match_twoVariables_capturesBoth() {
        Router.Match m = router.match(HttpMethod.GET, "/v1/sessions/sess_a/checkpoints/ckpt_9");
        assertThat(m.params()).isEqualTo(Map.of("session_id", "sess_a", "checkpoint_id", "ckpt_9"));
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /v1/nothing",
        "POST, /v1/sessions/sess_a:unknownVerb",
        "GET, /v1/sessions/sess_a/nope",
        "GET, /v1/sessions/sess_a/files/extra",
        "GET, /v1/sessions/"
    })
    void match_unknownPath_is404(String method, String path) {
        assertThatThrownBy(() -> router.match(HttpMethod.valueOf(method), path))
                .isInstanceOfSatisfying(
                        HttpFailure.class, f -> assertThat(f.httpStatus()).isEqualTo(404));
    }

    @Test
    void match_knownPathOtherMethod_is405WithAllow() {
        assertThatThrownBy(() -> router.match(HttpMethod.PUT, "/v1/sessions"))
                .isInstanceOfSatisfying(HttpFailure.class, f -> {
                    assertThat(f.httpStatus()).isEqualTo(405);
                    assertThat(f.status().getCode()).isEqualTo(12);
                    assertThat(f.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST, GET");
                });
        assertThatThrownBy(() -> router.match(HttpMethod.GET, "/v1/sessions/sess_a:merge"))
                .isInstanceOfSatisfying(
                        HttpFailure.class, f -> assertThat(f.httpStatus()).isEqualTo(405));
    }
}
