package io.aetherfs.service.auth;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The 14 canonical scopes of spec §3.2; admin scopes imply every tenant scope. */
public enum Scope {
    SESSION_READ("tenant.session.read"),
    SESSION_WRITE("tenant.session.write"),
    SESSION_DELETE("tenant.session.delete"),
    SESSION_MERGE("tenant.session.merge"),
    SOURCE_READ("tenant.source.read"),
    SOURCE_WRITE("tenant.source.write"),
    SOURCE_DELETE("tenant.source.delete"),
    SOURCE_IMPORT("tenant.source.import"),
    FILESYSTEM_READ("tenant.filesystem.read"),
    FILESYSTEM_WRITE("tenant.filesystem.write"),
    FILESYSTEM_METADATA("tenant.filesystem.metadata"),
    USAGE_READ("tenant.usage.read"),
    ADMIN("tenant.admin"),
    CLUSTER_ADMIN("cluster.admin");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the name used in tokens and messages. */
    public String wireName() {
        return wireName;
    }

    /** Returns the scope with this canonical name (no aliases). */
    public static Optional<Scope> parse(String name) {
        for (Scope s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Returns every scope, as dev tokens grant. */
    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }

    /** Returns whether holding {@code held} grants this scope. */
    public boolean grantedBy(Set<Scope> held) {
        if (held.contains(this) || held.contains(CLUSTER_ADMIN)) {
            return true;
        }
        return this != CLUSTER_ADMIN && held.contains(ADMIN);
    }
}
