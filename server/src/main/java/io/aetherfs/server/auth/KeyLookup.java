package io.aetherfs.server.auth;

import com.nimbusds.jose.JWSVerifier;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link KeySource} answers for a token's {@code kid} and {@code alg}: the verifier of the key,
 * a refusal saying why no key fits, or a fetch of the key set to wait for before asking again.
 */
sealed interface KeyLookup {
    /** The key of that kid fits the algorithm; {@code verifier} checks the signature. */
    record Found(JWSVerifier verifier) implements KeyLookup {}

    /** No key verifies the token; {@code reason} is the UNAUTHENTICATED message. */
    record Refused(String reason) implements KeyLookup {}

    /** The key set is being fetched again for an unknown kid; ask again once {@code done} completes. */
    record Refetching(CompletableFuture<Void> done) implements KeyLookup {}
}
