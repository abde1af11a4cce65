package io.aetherfs.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A JWS algorithm that tokens of an identity provider may be signed with (the values of
 * {@code auth.jwks_algorithms}): the RSA and ECDSA signatures of RFC 7518 that the JDK verifies alone.
 * HS256 is not among them: it is verified with {@code auth.hmac_keys}, never with a published key.
 */
public enum SignatureAlgorithm {
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512;

    /** Returns what a valid value looks like, for messages. */
    static String describe() {
        return "one of " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Parses an algorithm name (case-insensitive), saying why HS256 and none are not accepted here. */
    static SignatureAlgorithm parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("HS")) {
            throw new IllegalArgumentException(
                    name + " tokens are verified with auth.hmac_keys, not with an identity provider's key set");
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + describe());
        }
    }
}
