package io.aetherfs.service.secrets;

import java.time.Instant;

/**
 * A secret as it is stored (JSON): the name and scope, the sealed value (key id, nonce, ciphertext with
 * its GCM tag) and who last wrote it when. Nothing in it is the plaintext.
 */
record StoredSecret(
        String name,
        SecretScope scope,
        String keyId,
        byte[] nonce,
        byte[] ciphertext,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy) {

    SecretName secretName() {
        return new SecretName(name);
    }

    SecretCipher.Sealed sealed() {
        return new SecretCipher.Sealed(keyId, nonce, ciphertext);
    }

    SecretRef ref() {
        return new SecretRef(secretName(), scope, updatedAt);
    }

    @Override
    public String toString() {
        return "StoredSecret[name=" + name + ", scope=" + scope + ", keyId=" + keyId + "]";
    }
}
