package io.aetherfs.server.e2e;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Scope;
import java.time.Instant;
import java.util.EnumSet;

/** How a test client proves who it is: the {@code Authorization} header for a tenant and principal. */
@FunctionalInterface
interface Credentials {
    /** Dev tokens {@code <tenant>:<principal>} (auth.mode = dev). */
    Credentials DEV = (tenant, principal) -> "Bearer " + tenant + ":" + principal;

    String authorization(String tenant, String principal);

    /** Signed tokens with every scope, valid for an hour (auth.mode = jwt with {@code key} configured). */
    static Credentials jwt(HmacKey key) {
        JwtSigner signer = new JwtSigner(key);
        return (tenant, principal) -> {
            Instant now = Instant.now();
            return "Bearer "
                    + signer.sign(new TokenClaims(
                            TenantId.parse(tenant), principal, EnumSet.allOf(Scope.class), now, now.plusSeconds(3600)));
        };
    }
}
