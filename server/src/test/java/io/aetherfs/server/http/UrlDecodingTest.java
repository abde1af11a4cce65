package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict percent-decoding of query strings (spec §2: paths are valid UTF-8, never rewritten). */
class UrlDecodingTest {
    private static QueryParams query(String pathAndQuery) {
        ServiceRequestContext ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, pathAndQuery));
        return UrlDecoding.query(ctx);
    }

    @Test
    void query_decodesEscapesPlusAndRepeats() {
        QueryParams q = query("/x?path=a%2Fb%20c+d&path=%C3%A9&flag&empty=&amp=a%26b%3Dc");

        assertThat(q.getAll("path")).containsExactly("a/b c d", "é");
        assertThat(q.get("flag")).isEqualTo("");
        assertThat(q.get("empty")).isEqualTo("");
        assertThat(q.get("amp")).isEqualTo("a&b=c");
    }

    @Test
    void query_keepsBackslashesAndDotsForPathValidation() {
        assertThat(query("/x?path=a%5C..%5Cb").get("path")).isEqualTo("a\\..\\b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%ff", "%fe", "%ed%a0%80", "%c3", "%c3%28", "%c0%af", "%f8%88%80%80%80", "a%e2%82"})
    void query_invalidUtf8_isInvalidArgumentNamingTheParameter(String value) {
        assertThatThrownBy(() -> query("/x?path=" + value))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("query parameter \"path\"")
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void query_invalidUtf8InAName_isInvalidArgument() {
        assertThatThrownBy(() -> query("/x?%ff=1"))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("name");
    }
}
