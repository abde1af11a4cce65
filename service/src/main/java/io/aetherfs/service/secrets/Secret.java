package io.aetherfs.service.secrets;

import java.time.Instant;

/**
 * A secret with its plaintext value (spec §6.12), as GetSecret answers it and nothing else holds it. Its
 * {@link #toString()} leaves the value out, so a log line or an exception message cannot carry it.
 */
public record Secret(
        SecretName name, SecretScope scope, byte[] value, Instant createdAt, Instant updatedAt, String updatedBy) {
    public Secret {
        value = value.clone();
    }

    /** Returns a copy of the plaintext. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Returns the listing view of this secret. */
    public SecretRef ref() {
        return new SecretRef(name, scope, updatedAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s
                && name.equals(s.name)
                && scope == s.scope
                && java.util.Arrays.equals(value, s.value)
                && createdAt.equals(s.createdAt)
                && updatedAt.equals(s.updatedAt)
                && updatedBy.equals(s.updatedBy);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, scope, updatedAt);
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", scope=" + scope + ", value=(" + value.length + " bytes, redacted)]";
    }
}
