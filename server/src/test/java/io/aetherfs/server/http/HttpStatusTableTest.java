package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.server.http.HttpStatusTable.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP transport's one status table: spec §4's codes and the three HTTP conditions. */
class HttpStatusTableTest {
    @ParameterizedTest
    @CsvSource({
        "0, 200", "1, 499", "2, 500", "3, 400", "4, 504", "5, 404", "6, 409", "7, 403", "8, 429", "9, 409", "10, 409",
        "11, 400", "12, 501", "13, 500", "14, 503", "15, 500", "16, 401"
    })
    void status_ofEachCode_isSpecSection4(int grpcCode, int http) {
        assertThat(HttpStatusTable.status(grpcCode)).isEqualTo(http);
    }

    @Test
    void status_underACondition_isHttpsOwn_whateverTheCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(HttpStatusTable.status(code.grpcCode(), Condition.METHOD_NOT_ALLOWED))
                    .isEqualTo(405);
            assertThat(HttpStatusTable.status(code.grpcCode(), Condition.PRECONDITION_FAILED))
                    .isEqualTo(412);
            assertThat(HttpStatusTable.status(code.grpcCode(), Condition.RANGE_NOT_SATISFIABLE))
                    .isEqualTo(416);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_ARGUMENT",
        "404, INVALID_ARGUMENT",
        "408, DEADLINE_EXCEEDED",
        "413, RESOURCE_EXHAUSTED",
        "414, INVALID_ARGUMENT",
        "431, RESOURCE_EXHAUSTED",
        "500, UNAVAILABLE",
        "503, UNAVAILABLE"
    })
    void codeOfRefusal_ofArmeriasOwnStatus(int http, ErrorCode code) {
        assertThat(HttpStatusTable.codeOfRefusal(http)).isEqualTo(code);
    }

    @Test
    void failures_takeTheirStatusAndHeadersFromTheTable() {
        HttpFailure range = HttpFailure.rangeNotSatisfiable(new AfsException(ErrorCode.OUT_OF_RANGE, "past"), 7);
        assertThat(range.httpStatus()).isEqualTo(416);
        assertThat(range.headers().get("content-range")).isEqualTo("bytes */7");
        HttpFailure method = HttpFailure.methodNotAllowed(new AfsException(ErrorCode.UNIMPLEMENTED, "no"), "GET");
        assertThat(method.httpStatus()).isEqualTo(405);
        assertThat(method.headers().get("allow")).isEqualTo("GET");
        assertThat(HttpFailure.of(AfsException.notFound("no route")).httpStatus())
                .isEqualTo(404);
    }
}
