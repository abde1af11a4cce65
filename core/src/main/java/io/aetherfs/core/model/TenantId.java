package io.aetherfs.core.model;

import java.util.UUID;
import java.util.regex.Pattern;

/** A tenant: the isolation boundary of all data, named by a canonical lowercase UUID. */
public record TenantId(String value) implements Comparable<TenantId> {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The reserved keyspace of deployment-wide records that belong to no tenant (unscoped secrets), the
     * nil UUID; services reach it only through {@code ChangeContext.deploymentRecords}.
     */
    public static final TenantId DEPLOYMENT = new TenantId("00000000-0000-0000-0000-000000000000");

    public TenantId {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw new IllegalArgumentException("a tenant id is a canonical lowercase UUID, got: " + value);
        }
    }

    /** Returns the tenant named by a UUID string, accepting upper case and normalizing to lower case. */
    public static TenantId parse(String uuid) {
        if (uuid == null || uuid.length() != 36) {
            throw new IllegalArgumentException("a tenant id is a canonical UUID, got: " + uuid);
        }
        return new TenantId(uuid.toLowerCase(java.util.Locale.ROOT));
    }

    /** Returns the tenant of a UUID. */
    public static TenantId of(UUID uuid) {
        return new TenantId(uuid.toString());
    }

    /** Returns whether {@code s} is a valid tenant id (case-insensitive canonical UUID). */
    public static boolean isValid(String s) {
        return s != null
                && s.length() == 36
                && CANONICAL.matcher(s.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    @Override
    public int compareTo(TenantId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
