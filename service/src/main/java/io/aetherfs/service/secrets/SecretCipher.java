package io.aetherfs.service.secrets;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of secret values (spec §8.13): a fresh 96-bit nonce per write and the secret's
 * place (scope, tenant, session, name) bound as associated data, so a sealed value copied to another
 * name, session, scope or tenant does not open. Failures name the secret, never its value.
 */
final class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeys keys;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretKeys keys) {
        this.keys = keys;
    }

    /** A sealed value: the id of the key, the nonce, and the ciphertext with its tag. */
    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {}

    /** Seals {@code plaintext} under the current key for the secret at {@code place}. */
    Sealed seal(SecretPlace place, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, place);
            return new Sealed(keys.currentId(), nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw AfsException.internal("cannot encrypt secret " + place.name(), e);
        }
    }

    /** Opens a value sealed for {@code place}; INTERNAL if the key is unknown or the value was not sealed there. */
    byte[] open(SecretPlace place, Sealed sealed) {
        SecretKey key = keys.find(sealed.keyId())
                .orElseThrow(() -> new AfsException(
                        ErrorCode.INTERNAL,
                        "secret " + place.name() + " was encrypted under key id " + sealed.keyId()
                                + ", which this server does not have (secrets.master_key changed?)"));
        try {
            return cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), place).doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new AfsException(
                    ErrorCode.DATA_LOSS,
                    "secret " + place.name() + " does not decrypt: it was altered or sealed for another place");
        } catch (GeneralSecurityException e) {
            throw AfsException.internal("cannot decrypt secret " + place.name(), e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, SecretPlace place)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(place.associatedData().getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
