package io.aetherfs.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsTest {
    /** RFC 7515 appendix A.1: the HS256 example's key, signing input and signature. */
    private static final String RFC_KEY =
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

    private static final String RFC_SIGNING_INPUT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private static final String RFC_SIGNATURE = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    void sign_rfc7515ExampleA1_givesTheRfcSignature() {
        var key = Jws.macKey(Base64.getUrlDecoder().decode(RFC_KEY));

        assertThat(Jws.encode(Jws.sign(key, RFC_SIGNING_INPUT))).isEqualTo(RFC_SIGNATURE);
        assertThat(Jws.verify(key, RFC_SIGNING_INPUT, Jws.decode(RFC_SIGNATURE)))
                .isTrue();
        assertThat(Jws.verify(key, RFC_SIGNING_INPUT + "x", Jws.decode(RFC_SIGNATURE)))
                .isFalse();
    }

    @Test
    void decode_unpaddedBase64url_roundTrips() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01};

        assertThat(Jws.encode(bytes)).isEqualTo("-_8AAQ");
        assertThat(Jws.decode("-_8AAQ")).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-_8AAQ==", "+/8AAQ", "ab cd", "a", "ab.c"})
    void decode_emptyPaddedStandardAlphabetOrBadLength_isNull(String part) {
        assertThat(Jws.decode(part)).isNull();
    }
}
