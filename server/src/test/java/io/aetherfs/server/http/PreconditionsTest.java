package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.server.api.ErrorStatus;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reading of If-Match, If-None-Match and If-Range, for raw and JSON routes alike. */
class PreconditionsTest {
    private static final String HASH = "ab".repeat(32);
    private static final String ETAG = "\"" + HASH + "\"";

    private static RequestHeaders headers(String... nameValues) {
        return RequestHeaders.builder(HttpMethod.PUT, "/v1/x")
                .add(pairs(nameValues))
                .build();
    }

    private static com.linecorp.armeria.common.HttpHeaders pairs(String... nameValues) {
        var b = com.linecorp.armeria.common.HttpHeaders.builder();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.add(nameValues[i], nameValues[i + 1]);
        }
        return b.build();
    }

    @Test
    void etag_isTheQuotedHash_strong() {
        assertThat(Preconditions.etag(HASH)).isEqualTo(ETAG);
    }

    @Test
    void forWrite_noHeaders_takesTheQueryHash() {
        assertThat(Preconditions.forWrite(headers(), HASH)).isEqualTo(new Preconditions(HASH, false, false, false));
        assertThat(Preconditions.forWrite(headers(), null)).isEqualTo(new Preconditions(null, false, false, false));
    }

    @Test
    void forWrite_ifMatchTag_isTheExpectedHashFromTheHeader() {
        assertThat(Preconditions.forWrite(headers("if-match", " " + ETAG + " "), null))
                .isEqualTo(new Preconditions(HASH, false, false, true));
        assertThat(Preconditions.forWrite(headers("if-match", ETAG), HASH))
                .isEqualTo(new Preconditions(HASH, false, false, true));
    }

    @Test
    void forWrite_stars_meanMustExistAndCreateOnly() {
        assertThat(Preconditions.forWrite(headers("if-match", "*"), null))
                .isEqualTo(new Preconditions(null, false, true, false));
        assertThat(Preconditions.forWrite(headers("if-none-match", " * "), HASH))
                .isEqualTo(new Preconditions(HASH, true, false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "\"", "W/\"abc\"", "\"a\", \"b\"", "'abc'", "\"abc"})
    void forWrite_malformedIfMatch_isInvalidArgument_namingStar(String header) {
        assertThatThrownBy(() -> Preconditions.forWrite(headers("if-match", header), null))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("If-Match must be one quoted content hash (\"<sha256 hex>\") or *");
    }

    @Test
    void forWrite_refusesBothHeaders_otherIfNoneMatch_andDisagreeingHashes() {
        assertThatThrownBy(() -> Preconditions.forWrite(headers("if-match", ETAG, "if-none-match", "*"), null))
                .hasMessage("give If-Match or If-None-Match, not both");
        assertThatThrownBy(() -> Preconditions.forWrite(headers("if-none-match", ETAG), null))
                .hasMessage("If-None-Match on PUT supports only *");
        assertThatThrownBy(() -> Preconditions.forWrite(headers("if-match", ETAG), "cd".repeat(32)))
                .hasMessage("If-Match and expectedHash name different hashes");
    }

    @Test
    void forRequest_ifMatchSuppliesTheField_starAndIfNoneMatchAreIgnored() {
        assertThat(Preconditions.forRequest(headers("if-match", ETAG), ""))
                .isEqualTo(new Preconditions(HASH, false, false, true));
        assertThat(Preconditions.forRequest(headers("if-match", ETAG), HASH))
                .isEqualTo(new Preconditions(HASH, false, false, true));
        assertThat(Preconditions.forRequest(headers("if-match", "*"), HASH))
                .isEqualTo(new Preconditions(HASH, false, false, false));
        assertThat(Preconditions.forRequest(headers("if-none-match", "*"), ""))
                .isEqualTo(new Preconditions(null, false, false, false));
    }

    @Test
    void forRequest_malformedOrDisagreeingIfMatch_isInvalidArgument() {
        assertThatThrownBy(() -> Preconditions.forRequest(headers("if-match", "W/" + ETAG), ""))
                .hasMessage("If-Match must be one quoted content hash (\"<sha256 hex>\")");
        assertThatThrownBy(() -> Preconditions.forRequest(headers("if-match", ETAG + ", " + ETAG), ""))
                .hasMessage("If-Match must be one quoted content hash (\"<sha256 hex>\")");
        assertThatThrownBy(() -> Preconditions.forRequest(headers("if-match", ETAG), "cd".repeat(32)))
                .hasMessage("If-Match and expectedHash name different hashes");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "*|true",
                "\"abababababababababababababababababababababababababababababababab\"|true",
                "W/\"abababababababababababababababababababababababababababababababab\"|true",
                "\"x\", \"abababababababababababababababababababababababababababababababab\"|true",
                "\"x\" ,W/\"y\",  *|true",
                "\"x\"|false",
                "abababababababababababababababababababababababababababababababab|false",
                "W/*x|false",
                "''|false"
            })
    void noneMatch_listsWeakTagsAndStar(String header, boolean matches) {
        assertThat(Preconditions.noneMatch(header, ETAG)).isEqualTo(matches);
    }

    @Test
    void noneMatch_withoutHeader_isFalse() {
        assertThat(Preconditions.noneMatch(null, ETAG)).isFalse();
    }

    @Test
    void rangeApplies_onlyForTheExactStrongTag() {
        assertThat(Preconditions.rangeApplies(null, ETAG)).isTrue();
        assertThat(Preconditions.rangeApplies(ETAG, ETAG)).isTrue();
        assertThat(Preconditions.rangeApplies("W/" + ETAG, ETAG)).isFalse();
        assertThat(Preconditions.rangeApplies("\"other\"", ETAG)).isFalse();
    }

    @Test
    void translate_headerConditions_are412_withTheStatusKept() {
        AfsException stale = AfsException.of(Reason.STALE_EXPECTED_HASH, "stale", "path", "f");
        RuntimeException t = new Preconditions(HASH, false, false, true).translate(stale);
        assertThat(t).isInstanceOfSatisfying(HttpFailure.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(412);
            assertThat(f.status()).isEqualTo(ErrorStatus.of(stale));
        });
        AfsException exists = AfsException.of(Reason.PATH_EXISTS, "exists", "path", "f");
        assertThat(new Preconditions(null, true, false, false).translate(exists))
                .isInstanceOfSatisfying(
                        HttpFailure.class, f -> assertThat(f.httpStatus()).isEqualTo(412));
        AfsException missing = AfsException.of(Reason.PATH_NOT_FOUND, "missing", "path", "f");
        assertThat(new Preconditions(null, false, true, false).translate(missing))
                .isInstanceOfSatisfying(
                        HttpFailure.class, f -> assertThat(f.httpStatus()).isEqualTo(412));
    }

    @Test
    void translate_grpcStatusOfAStaleHeaderHash_is412_withItsDetails() {
        var status = com.google.rpc.Status.newBuilder()
                .setCode(9)
                .setMessage("stale")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("STALE_EXPECTED_HASH")
                        .setDomain(ErrorStatus.DOMAIN)
                        .build()))
                .build();
        var failure = new CompletionException(StatusProto.toStatusRuntimeException(status));
        assertThat(new Preconditions(HASH, false, false, true).translate(failure))
                .isInstanceOfSatisfying(
                        HttpFailure.class, f -> assertThat(f.status()).isEqualTo(status));
        assertThat(new Preconditions(HASH, false, false, false).translate(failure))
                .isSameAs(failure);
    }

    @Test
    void translate_otherFailures_areUnchanged() {
        AfsException stale = AfsException.of(Reason.STALE_EXPECTED_HASH, "stale", "path", "f");
        assertThat(new Preconditions(HASH, false, false, false).translate(stale))
                .isSameAs(stale);
        AfsException exists = AfsException.of(Reason.PATH_EXISTS, "exists", "path", "f");
        assertThat(new Preconditions(HASH, false, true, true).translate(exists)).isSameAs(exists);
        AfsException plain = AfsException.invalid("bad");
        assertThat(new Preconditions(HASH, true, true, true).translate(plain)).isSameAs(plain);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(new Preconditions(HASH, true, true, true).translate(bug)).isSameAs(bug);
    }
}
