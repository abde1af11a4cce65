package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.QueryParams;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.EventType;
import io.aetherfs.proto.v1.FallocateMode;
import io.aetherfs.proto.v1.FallocateRequest;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.MergeResolution;
import io.aetherfs.proto.v1.SessionStatus;
import io.aetherfs.proto.v1.SessionVisibility;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.proto.v1.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding of JSON bodies, path variables and query parameters into request messages (spec §2). */
class JsonBinderTest {
    private static <T extends Message> T bind(T prototype, String body, Map<String, String> path, String query) {
        return bind(prototype, body, path, query, false);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T bind(
            T prototype, String body, Map<String, String> path, String query, boolean patch) {
        return (T) JsonBinder.bind(
                prototype,
                new JsonBinder.Input(
                        body.getBytes(StandardCharsets.UTF_8), path, QueryParams.fromQueryString(query), null, patch));
    }

    private static AfsException invalid(Runnable r) {
        try {
            r.run();
        } catch (AfsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            return e;
        }
        throw new AssertionError("expected INVALID_ARGUMENT");
    }

    @Test
    void bind_unknownTopLevelField_namesIt() {
        AfsException e =
                invalid(() -> bind(CreateSessionRequest.getDefaultInstance(), "{\"displayNam\": \"x\"}", Map.of(), ""));
        assertThat(e.getMessage()).contains("unknown field \"displayNam\"").contains("CreateSessionRequest");
    }

    @Test
    void bind_unknownNestedField_namesItsPath() {
        AfsException e = invalid(() ->
                bind(CreateSessionRequest.getDefaultInstance(), "{\"capabilities\": {\"comit\": true}}", Map.of(), ""));
        assertThat(e.getMessage()).contains("unknown field \"comit\" in \"capabilities\"");
    }

    @Test
    void bind_unknownFieldInsideRepeatedOneof_namesIt() {
        AfsException e = invalid(() -> bind(
                BatchRequest.getDefaultInstance(),
                "{\"operations\": [{\"write\": {\"path\": \"a\", \"contnt\": \"\"}}]}",
                Map.of("session_id", "s"),
                ""));
        assertThat(e.getMessage()).contains("unknown field \"contnt\" in \"operations[0].write\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{", "{\"a\" 1}", "[1]", "{\"displayName\": \"a\"} x", "{\"displayName\":1,\"displayName\":2}"})
    void bind_malformedJson_isInvalidArgumentWithAMessage(String body) {
        AfsException e = invalid(() -> bind(CreateSessionRequest.getDefaultInstance(), body, Map.of(), ""));
        assertThat(e.getMessage()).startsWith("request body");
    }

    @Test
    void bind_emptyBody_isEmptyObject() {
        assertThat(bind(CreateSessionRequest.getDefaultInstance(), "  ", Map.of(), ""))
                .isEqualTo(CreateSessionRequest.getDefaultInstance());
    }

    @Test
    void bind_enumByFullShortOrNumber_areAccepted() {
        for (String v : new String[] {"\"SESSION_VISIBILITY_PRIVATE\"", "\"PRIVATE\"", "2", "\"2\""}) {
            CreateSessionRequest r =
                    bind(CreateSessionRequest.getDefaultInstance(), "{\"visibility\": " + v + "}", Map.of(), "");
            assertThat(r.getVisibility()).as(v).isEqualTo(SessionVisibility.SESSION_VISIBILITY_PRIVATE);
        }
    }

    @Test
    void bind_enumInMapAndNestedMessage_prefixLessAccepted() {
        MergeRequest r = bind(
                MergeRequest.getDefaultInstance(),
                "{\"strategy\": \"OURS\", \"resolutions\": {\"a.txt\": \"THEIRS\"}}",
                Map.of("parent_session_id", "p"),
                "");
        assertThat(r.getResolutionsMap()).containsEntry("a.txt", MergeResolution.MERGE_RESOLUTION_THEIRS);
        assertThat(r.getParentSessionId()).isEqualTo("p");
        FallocateRequest f = bind(FallocateRequest.getDefaultInstance(), "{\"mode\":\"PUNCH_HOLE\"}", Map.of(), "");
        assertThat(f.getMode()).isEqualTo(FallocateMode.FALLOCATE_MODE_PUNCH_HOLE);
    }

    @Test
    void bind_badEnum_listsTheAcceptedNames() {
        AfsException e = invalid(
                () -> bind(CreateSessionRequest.getDefaultInstance(), "{\"visibility\": \"SECRET\"}", Map.of(), ""));
        assertThat(e.getMessage()).contains("\"visibility\"").contains("SESSION_VISIBILITY_TENANT");
        invalid(() -> bind(CreateSessionRequest.getDefaultInstance(), "{\"visibility\": 7}", Map.of(), ""));
    }

    @Test
    void bind_int64AsStringOrNumber_andBase64Variants() {
        assertThat(bind(CreateSessionRequest.getDefaultInstance(), "{\"ttlSeconds\": \"60\"}", Map.of(), "")
                        .getTtlSeconds())
                .isEqualTo(60);
        assertThat(bind(CreateSessionRequest.getDefaultInstance(), "{\"ttl_seconds\": 61}", Map.of(), "")
                        .getTtlSeconds())
                .isEqualTo(61);
        WriteOp std = bind(WriteOp.getDefaultInstance(), "{\"content\": \"+/8=\"}", Map.of(), "");
        WriteOp url = bind(WriteOp.getDefaultInstance(), "{\"content\": \"-_8\"}", Map.of(), "");
        assertThat(url.getContent()).isEqualTo(std.getContent());
        assertThat(std.getContent().toByteArray()).containsExactly(0xfb, 0xff);
    }

    @Test
    void bind_queryParams_repeatedEnumsBooleansInt64Timestamps() {
        ListEventsRequest r = bind(
                ListEventsRequest.getDefaultInstance(),
                "",
                Map.of("session_id", "sess_a"),
                "types=FILE_WRITTEN&types=EVENT_TYPE_FILE_DELETED&types=8&afterSequence=9007199254740993"
                        + "&startTime=2026-03-11T05:55:21Z&pageSize=5&pageToken=t&path=src/*");
        assertThat(r.getTypesList())
                .containsExactly(
                        EventType.EVENT_TYPE_FILE_WRITTEN,
                        EventType.EVENT_TYPE_FILE_DELETED,
                        EventType.EVENT_TYPE_PATH_RENAMED);
        assertThat(r.getAfterSequence()).isEqualTo(9007199254740993L);
        assertThat(r.getStartTime().getSeconds()).isEqualTo(1773208521L);
        assertThat(r.getPageSize()).isEqualTo(5);
        assertThat(r.getPageToken()).isEqualTo("t");
        assertThat(r.getPath()).isEqualTo("src/*");
        assertThat(r.getSessionId()).isEqualTo("sess_a");
        ListSessionsRequest l =
                bind(ListSessionsRequest.getDefaultInstance(), "", Map.of(), "status=ACTIVE&status=CONFLICT&tag=a:b");
        assertThat(l.getStatusList())
                .containsExactly(SessionStatus.SESSION_STATUS_ACTIVE, SessionStatus.SESSION_STATUS_CONFLICT);
        assertThat(l.getTagList()).containsExactly("a:b");
    }

    @Test
    void bind_unknownOrRepeatedScalarQueryParam_isRejected() {
        assertThat(invalid(() -> bind(ListSessionsRequest.getDefaultInstance(), "", Map.of(), "stauts=ACTIVE"))
                        .getMessage())
                .contains("unknown query parameter \"stauts\"");
        invalid(() -> bind(ListSessionsRequest.getDefaultInstance(), "", Map.of(), "owner=a&owner=b"));
    }

    @Test
    void bind_pathVariableRepeatedInBody_isRejected() {
        assertThat(invalid(() -> bind(
                                UpdateSessionRequest.getDefaultInstance(),
                                "{\"sessionId\": \"other\"}",
                                Map.of("session_id", "sess_a"),
                                ""))
                        .getMessage())
                .contains("\"sessionId\" is given in the URL path");
    }

    @Test
    void bind_patchWithoutMask_masksThePresentTopLevelFields() {
        UpdateSessionRequest r = bind(
                UpdateSessionRequest.getDefaultInstance(),
                "{\"displayName\": \"n\", \"tags\": {}, \"ttl_seconds\": 5}",
                Map.of("session_id", "sess_a"),
                "",
                true);
        assertThat(r.getUpdateMask().getPathsList()).containsExactly("display_name", "tags", "ttl_seconds");
        UpdateSessionRequest given = bind(
                UpdateSessionRequest.getDefaultInstance(),
                "{\"displayName\": \"n\", \"updateMask\": \"description\"}",
                Map.of("session_id", "sess_a"),
                "",
                true);
        assertThat(given.getUpdateMask().getPathsList()).containsExactly("description");
    }

    @Test
    void bind_lockTokenHeader_fillsLockTokenUnlessGiven() {
        FallocateRequest r = (FallocateRequest) JsonBinder.bind(
                FallocateRequest.getDefaultInstance(),
                new JsonBinder.Input(new byte[0], Map.of(), QueryParams.of(), "tok", false));
        assertThat(r.getLockToken()).isEqualTo("tok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"9999999999\"", "\"-9999999999\"", "9999999999", "1.5", "true"})
    void bind_enumNumberOutOfRangeOrOfAnotherType_isInvalidArgument(String v) {
        AfsException e = invalid(
                () -> bind(CreateSessionRequest.getDefaultInstance(), "{\"visibility\": " + v + "}", Map.of(), ""));
        assertThat(e.getMessage()).contains("\"visibility\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"displayName\": 1}",
                "{\"displayName\": true}",
                "{\"displayName\": {}}",
                "{\"ttlSeconds\": 1.5}",
                "{\"ttlSeconds\": \"9223372036854775808\"}",
                "{\"ttlSeconds\": 1e999999}",
                "{\"ttlSeconds\": \"0x10\"}",
                "{\"ttlSeconds\": true}",
                "{\"capabilities\": {\"commit\": \"true\"}}",
                "{\"capabilities\": {\"commit\": 1}}",
                "{\"capabilities\": []}",
                "{\"sharedWith\": \"bob\"}",
                "{\"sharedWith\": [null]}",
                "{\"initialTags\": []}",
                "{\"initialTags\": {\"k\": 1}}",
                "{\"displayName\": \"a\\ud800\"}",
                "{\"displayName\": \"a\", \"display_name\": \"b\"}",
                "{\"empty\": {}, \"sourceRef\": {\"sourceId\": \"s\"}}"
            })
    void bind_valueOfTheWrongTypeOrShape_isInvalidArgumentNamingTheField(String body) {
        AfsException e = invalid(() -> bind(CreateSessionRequest.getDefaultInstance(), body, Map.of(), ""));
        assertThat(e.getMessage()).doesNotContain("com.", "java.", "jackson", "Exception");
        String field = body.substring(body.indexOf('"') + 1, body.indexOf('"', body.indexOf('"') + 1));
        assertThat(e.getMessage()).contains(field);
    }

    @Test
    void bind_int64Extremes_andIntegralFloats_areAccepted() {
        CreateSessionRequest r = bind(
                CreateSessionRequest.getDefaultInstance(), "{\"ttlSeconds\": \"9223372036854775807\"}", Map.of(), "");
        assertThat(r.getTtlSeconds()).isEqualTo(Long.MAX_VALUE);
        assertThat(bind(CreateSessionRequest.getDefaultInstance(), "{\"ttlSeconds\": 6.0e1}", Map.of(), "")
                        .getTtlSeconds())
                .isEqualTo(60);
    }

    @Test
    void bind_jacksonErrors_areSaidWithoutJacksonNames() {
        for (String body : new String[] {"{\"a\":1} {}", "{\"a\":", "{/*c*/}", "{\"a\":NaN}", "[".repeat(200)}) {
            AfsException e = invalid(() -> bind(CreateSessionRequest.getDefaultInstance(), body, Map.of(), ""));
            assertThat(e.getMessage())
                    .startsWith("request body is not valid JSON")
                    .doesNotContain("com.", "jackson", "Feature", "`", "StreamRead");
        }
    }
}
