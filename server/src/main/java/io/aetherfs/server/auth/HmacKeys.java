package io.aetherfs.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import io.aetherfs.server.config.HmacKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HS256 keys of {@code auth.hmac_keys} by kid (spec §3.1): every configured key verifies, so keys
 * rotate without a flag day. An HMAC key never verifies any other algorithm.
 */
final class HmacKeys implements KeySource {
    private final Map<String, MACVerifier> byKid = new LinkedHashMap<>();

    /** Creates the source of {@code keys}, whose kids must be distinct. */
    HmacKeys(List<HmacKey> keys) {
        for (HmacKey k : keys) {
            if (byKid.put(k.kid(), verifier(k)) != null) {
                throw new IllegalArgumentException("auth.hmac_keys names the kid " + k.kid() + " twice");
            }
        }
    }

    boolean isEmpty() {
        return byKid.isEmpty();
    }

    /** Returns the kids, in configuration order. */
    List<String> kids() {
        return List.copyOf(byKid.keySet());
    }

    @Override
    public KeyLookup find(String kid, JWSAlgorithm alg, boolean mayRefetch) {
        MACVerifier verifier = byKid.get(kid);
        if (verifier == null || !JWSAlgorithm.HS256.equals(alg)) {
            return new KeyLookup.Refused("unknown kid " + JwtClaims.shown(kid)
                    + ": no key of auth.hmac_keys has that id (was it rotated out?); issue a new token");
        }
        return new KeyLookup.Found(verifier);
    }

    private static MACVerifier verifier(HmacKey key) {
        try {
            return new MACVerifier(key.key());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key of " + key.kid() + " is too short for HS256", e);
        }
    }
}
