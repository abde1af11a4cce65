package io.aetherfs.service.secrets;

import io.aetherfs.core.error.AfsException;
import java.util.regex.Pattern;

/** The name of a secret (spec §6.12): 1 to 128 of {@code A-Z a-z 0-9 _ . -}, so it is safe in keys and logs. */
public record SecretName(String value) implements Comparable<SecretName> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    public SecretName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid secret name");
        }
    }

    /** Returns the name {@code raw} spells, or INVALID_ARGUMENT saying what a name may hold. */
    public static SecretName parse(String raw) {
        if (!isValid(raw)) {
            throw AfsException.invalid("secret name must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.' and '-'"
                    + (raw == null || raw.isEmpty() ? "; it is empty" : ""));
        }
        return new SecretName(raw);
    }

    public static boolean isValid(String raw) {
        return raw != null && VALID.matcher(raw).matches();
    }

    @Override
    public int compareTo(SecretName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
