package io.aetherfs.server.auth;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The keys that verify one family of token signatures: afs-server's own HMAC keys, or an identity
 * provider's published keys. The token's {@code alg} picks the source, its {@code kid} the key in it.
 * Implementations are thread-safe and never block the caller.
 */
sealed interface KeySource permits HmacKeys, JwksKeys {
    /**
     * Returns the key of {@code kid} that verifies {@code alg}. A source that can fetch its keys again
     * answers {@link KeyLookup.Refetching} for an unknown kid when {@code mayRefetch} is set and its rate
     * limit allows; otherwise it refuses.
     */
    KeyLookup find(String kid, JWSAlgorithm alg, boolean mayRefetch);
}
