package io.aetherfs.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import io.aetherfs.server.config.IdentityProvider.JwksLocation;
import java.io.IOException;
import java.text.ParseException;

/**
 * Reads an identity provider's JWKS from where {@code auth.jwks_url} or {@code auth.jwks_file} says;
 * every call reads it anew. A URL is read with bounded connect and read times and size.
 */
@FunctionalInterface
interface JwksSource {
    /** How long connecting to, and then reading from, a JWKS URL may take. */
    int TIMEOUT_MILLIS = 5_000;
    /** The largest JWKS read; real ones are a few KiB. */
    int MAX_BYTES = 1 << 20;

    /**
     * Returns the key set as published now.
     *
     * @throws IOException when it cannot be read (unreachable, HTTP error, no such file)
     * @throws ParseException when it is not a JWKS
     */
    JWKSet load() throws IOException, ParseException;

    /** Returns the source of {@code location}. */
    static JwksSource of(JwksLocation location) {
        return switch (location) {
            case JwksLocation.Url url ->
                () -> JWKSet.load(url.uri().toURL(), TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_BYTES);
            case JwksLocation.File file -> () -> JWKSet.load(file.path().toFile());
        };
    }
}
