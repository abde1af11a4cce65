package io.aetherfs.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevAuthenticatorTest {
    private static final String TENANT = "0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e13";

    private final DevAuthenticator auth = new DevAuthenticator();

    @Test
    void authenticate_validToken_returnsCallerWithEveryScope() {
        Caller caller = auth.authenticate("Bearer " + TENANT + ":alice", "afs-cli", "1.2.3");

        assertThat(caller.tenant()).isEqualTo(new TenantId(TENANT));
        assertThat(caller.principal()).isEqualTo("alice");
        assertThat(caller.scopes()).isEqualTo(Scope.all());
        assertThat(caller.clientName()).isEqualTo("afs-cli");
        assertThat(caller.clientVersion()).isEqualTo("1.2.3");
    }

    @Test
    void authenticate_principalWithColons_splitsAtFirstColon() {
        assertThat(auth.authenticate("Bearer " + TENANT + ":agent:7", null, null)
                        .principal())
                .isEqualTo("agent:7");
    }

    @Test
    void authenticate_upperCaseUuidAndScheme_normalizesTenant() {
        Caller caller = auth.authenticate("bearer " + TENANT.toUpperCase() + ":bob", null, null);

        assertThat(caller.tenant().value()).isEqualTo(TENANT);
    }

    @Test
    void authenticate_128CharacterPrincipal_isAccepted() {
        assertThat(auth.authenticate("Bearer " + TENANT + ":" + "p".repeat(128), null, null)
                        .principal())
                .hasSize(128);
    }

    @Test
    void authenticate_missingHeader_isUnauthenticated() {
        assertUnauthenticated(() -> auth.authenticate(null, null, null), "missing");
        assertUnauthenticated(() -> auth.authenticate("", null, null), "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearertoken", "Token " + TENANT + ":alice"})
    void authenticate_wrongScheme_isUnauthenticated(String header) {
        assertUnauthenticated(() -> auth.authenticate(header, null, null), "Bearer");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"not-a-uuid", "0b9c3c1e5a7f4d2e9c112f4b6a8d0e13", "0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e1", ""})
    void authenticate_badTenant_isUnauthenticated(String tenant) {
        assertUnauthenticated(() -> auth.authenticate("Bearer " + tenant + ":alice", null, null), "canonical UUID");
    }

    @Test
    void authenticate_noColon_isUnauthenticated() {
        assertUnauthenticated(() -> auth.authenticate("Bearer " + TENANT, null, null), "<tenant-uuid>:<principal>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice bob", "alice\tbob", "alice\u00a0bob", "bell\u0007", "zero\u200bwidth"})
    void authenticate_badPrincipal_isUnauthenticated(String principal) {
        assertUnauthenticated(() -> auth.authenticate("Bearer " + TENANT + ":" + principal, null, null), "principal");
    }

    @Test
    void authenticate_129CharacterPrincipal_isUnauthenticated() {
        assertUnauthenticated(() -> auth.authenticate("Bearer " + TENANT + ":" + "p".repeat(129), null, null), "1-128");
    }

    @Test
    void authenticate_rejection_neverContainsTheToken() {
        String secretish = "s3cr3t-principal with space";

        assertThatThrownBy(() -> auth.authenticate("Bearer " + TENANT + ":" + secretish, null, null))
                .hasMessageNotContaining(secretish)
                .hasMessageNotContaining(TENANT);
        assertThatThrownBy(() -> auth.authenticate("Bearer zz-" + secretish, null, null))
                .hasMessageNotContaining(secretish);
    }

    private static void assertUnauthenticated(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining(messagePart);
    }
}
