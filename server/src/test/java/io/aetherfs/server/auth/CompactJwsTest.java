package io.aetherfs.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import io.aetherfs.server.config.HmacKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactJwsTest {
    /** RFC 7515 appendix A.1: the HS256 example's key, signing input and signature. */
    private static final String RFC_KEY =
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

    private static final String RFC_SIGNING_INPUT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private static final String RFC_SIGNATURE = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    void hmacKeys_rfc7515ExampleA1_verifiesTheRfcSignatureOnly() throws Exception {
        var keys =
                new HmacKeys(List.of(new HmacKey("rfc", Base64.getUrlDecoder().decode(RFC_KEY))));
        var found = (KeyLookup.Found) keys.find("rfc", JWSAlgorithm.HS256, false);
        JWSHeader header = new JWSHeader(JWSAlgorithm.HS256);

        assertThat(TestTokens.mac(new HmacKey("rfc", Base64.getUrlDecoder().decode(RFC_KEY)), RFC_SIGNING_INPUT))
                .isEqualTo(RFC_SIGNATURE);
        assertThat(found.verifier().verify(header, ascii(RFC_SIGNING_INPUT), new Base64URL(RFC_SIGNATURE)))
                .isTrue();
        assertThat(found.verifier().verify(header, ascii(RFC_SIGNING_INPUT + "x"), new Base64URL(RFC_SIGNATURE)))
                .isFalse();
        assertThat(found.verifier()).isInstanceOf(MACVerifier.class);
    }

    @Test
    void hmacKeys_otherAlgorithmOrUnknownKid_isRefused() {
        var keys = new HmacKeys(List.of(TestTokens.key("k1", 1)));

        assertThat(keys.find("k1", JWSAlgorithm.HS512, true)).isInstanceOf(KeyLookup.Refused.class);
        assertThat(keys.find("k2", JWSAlgorithm.HS256, true)).isInstanceOf(KeyLookup.Refused.class);
    }

    @Test
    void decode_unpaddedBase64url_roundTrips() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01};

        assertThat(Base64URL.encode(bytes).toString()).isEqualTo("-_8AAQ");
        assertThat(CompactJws.decode("-_8AAQ")).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-_8AAQ==", "+/8AAQ", "ab cd", "a", "ab.c"})
    void decode_emptyPaddedStandardAlphabetOrBadLength_isNull(String part) {
        assertThat(CompactJws.decode(part)).isNull();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
