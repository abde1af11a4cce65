package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.config.ScopeAlias;
import io.aetherfs.service.auth.Scope;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the scopes claim of a token becomes canonical scopes (spec §3.2). afs-server's own tokens carry an
 * array of canonical names and nothing else ({@link #CANONICAL}). An identity provider's claim may be a
 * space-separated string (OAuth {@code scope}) or an array ({@code scp}, {@code roles}); a name counts
 * when {@code aliases} maps it, or when it is canonical once {@code prefix} is removed, and any other
 * name (openid, profile, ...) is ignored.
 */
record ScopeMapping(String claim, boolean strict, String prefix, Map<String, Set<Scope>> aliases) {
    /** The {@code scopes} array of afs-server's own tokens: canonical names only. */
    static final ScopeMapping CANONICAL = new ScopeMapping("scopes", true, "", Map.of());

    ScopeMapping {
        aliases = Map.copyOf(aliases);
    }

    /** Returns the lenient mapping of an identity provider's claim. */
    static ScopeMapping of(String claim, String prefix, List<ScopeAlias> aliases) {
        Map<String, Set<Scope>> byName = new LinkedHashMap<>();
        for (ScopeAlias a : aliases) {
            byName.computeIfAbsent(a.name(), n -> EnumSet.noneOf(Scope.class)).add(a.scope());
        }
        return new ScopeMapping(claim, false, prefix, byName);
    }

    /** Returns the scopes the claim grants, or throws UNAUTHENTICATED when it is missing or malformed. */
    Set<Scope> read(JsonNode value) {
        if (strict) {
            if (value == null || !value.isArray()) {
                throw unauthenticated("the token's " + claim + " claim must be an array of scope names");
            }
        } else if (value == null) {
            throw unauthenticated("the token has no " + claim + " claim (its scopes)");
        } else if (value.isTextual()) {
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String name : value.textValue().split("\\s+")) {
                scopes.addAll(granted(name));
            }
            return scopes;
        } else if (!value.isArray()) {
            throw unauthenticated(
                    "the token's " + claim + " claim must be a space-separated string or an array of strings");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw unauthenticated("the token's " + claim + " claim must contain only strings");
            }
            scopes.addAll(strict ? Set.of(canonical(item.textValue())) : granted(item.textValue()));
        }
        return scopes;
    }

    private Scope canonical(String name) {
        return Scope.parse(name)
                .orElseThrow(() -> unauthenticated("the token's " + claim + " claim names the unknown scope "
                        + JwtClaims.shown(name) + "; only the 14 canonical scope names are accepted"
                        + " (tenant.session.read, ..., tenant.admin, cluster.admin)"));
    }

    private Set<Scope> granted(String name) {
        Set<Scope> aliased = aliases.get(name);
        if (aliased != null) {
            return aliased;
        }
        if (!name.startsWith(prefix)) {
            return Set.of();
        }
        Optional<Scope> scope = Scope.parse(name.substring(prefix.length()));
        return scope.map(Set::of).orElse(Set.of());
    }
}
