package io.aetherfs.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the keys of an identity provider's JWKS into verifiers by kid, and picks the one that fits a
 * token's algorithm: RS and PS algorithms need an RSA key, ES256/ES384/ES512 an EC key on P-256/P-384/
 * P-521, and a key's own {@code alg}, {@code use} and {@code key_ops}, when present, must allow it.
 * Symmetric keys in a JWKS are never used, so HS256 cannot be verified with a published key.
 */
final class JwkVerifiers {
    /** A usable key of the set and the verifier of its public part. */
    record Entry(JWK jwk, JWSVerifier verifier) {}

    private JwkVerifiers() {}

    /**
     * Returns the usable keys of {@code set} by kid: RSA and EC signature keys that have a kid.
     *
     * @throws IllegalArgumentException when no key is usable, saying why
     */
    static Map<String, List<Entry>> index(JWKSet set) {
        Map<String, List<Entry>> byKid = new LinkedHashMap<>();
        for (JWK jwk : set.getKeys()) {
            verifierOf(jwk).ifPresent(v -> byKid.computeIfAbsent(jwk.getKeyID(), k -> new ArrayList<>())
                    .add(new Entry(jwk, v)));
        }
        if (byKid.isEmpty()) {
            throw new IllegalArgumentException("it has no usable signing key: none of its "
                    + set.getKeys().size() + " keys is an RSA or EC key with a kid that allows signature verification");
        }
        byKid.replaceAll((kid, entries) -> List.copyOf(entries));
        return byKid;
    }

    /** Returns the verifier of the entry under a kid that fits {@code alg}, or refuses naming the mismatch. */
    static KeyLookup find(String kid, List<Entry> entries, JWSAlgorithm alg) {
        for (Entry e : entries) {
            if (fits(e.jwk(), alg)) {
                return new KeyLookup.Found(e.verifier());
            }
        }
        return new KeyLookup.Refused("the token's alg " + alg + " does not fit the identity provider's key "
                + JwtClaims.shown(kid) + " (" + describe(entries.getFirst().jwk()) + ")");
    }

    private static boolean fits(JWK jwk, JWSAlgorithm alg) {
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
            return false;
        }
        if (jwk instanceof RSAKey) {
            return JWSAlgorithm.Family.RSA.contains(alg);
        }
        return jwk instanceof ECKey ec && alg.equals(ecAlgorithm(ec.getCurve()));
    }

    private static Optional<JWSVerifier> verifierOf(JWK jwk) {
        if (jwk.getKeyID() == null
                || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                || (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY))) {
            return Optional.empty();
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                return Optional.of(new RSASSAVerifier(rsa.toRSAPublicKey()));
            }
            if (jwk instanceof ECKey ec && ecAlgorithm(ec.getCurve()) != null) {
                return Optional.of(new ECDSAVerifier(ec.toECPublicKey()));
            }
        } catch (JOSEException e) {
            return Optional.empty(); // key material the JDK cannot use: as if it were not published
        }
        return Optional.empty();
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        } else if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        } else if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }

    private static String describe(JWK jwk) {
        String kind = jwk instanceof ECKey ec ? "an EC " + ec.getCurve() + " key" : "an RSA key";
        return jwk.getAlgorithm() == null ? kind : kind + " for " + jwk.getAlgorithm();
    }
}
