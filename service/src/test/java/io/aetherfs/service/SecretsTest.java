package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.secrets.Secret;
import io.aetherfs.service.secrets.SecretRef;
import io.aetherfs.service.secrets.SecretScope;
import io.aetherfs.service.session.CreateSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Secrets (spec §8.13): scopes and lookup order, scope checks, limits, events, and sealing at rest. */
class SecretsTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<Event> events(Caller c, SessionId s) {
        return f.services
                .events()
                .list(c, s, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items();
    }

    private Caller with(TenantId tenant, String principal, Scope... scopes) {
        return new Caller(tenant, principal, EnumSet.of(Scope.SESSION_READ, scopes), "test", "1");
    }

    @Test
    void put_thenGet_returnsTheValue_andRecordsSecretSetWithTheNameOnly() {
        SecretRef ref = f.services.secrets().put(f.alice, id, "API_TOKEN", null, b("hunter2-value"));

        Secret s = f.services.secrets().get(f.alice, id, "API_TOKEN");

        assertThat(ref.scope()).isEqualTo(SecretScope.SESSION);
        assertThat(new String(s.value(), StandardCharsets.UTF_8)).isEqualTo("hunter2-value");
        assertThat(s.updatedBy()).isEqualTo("alice");
        assertThat(s.toString()).doesNotContain("hunter2");
        Event last = events(f.alice, id).getLast();
        assertThat(last.type()).isEqualTo(EventType.SECRET_SET);
        assertThat(last.details()).isEqualTo(Map.of("name", "API_TOKEN"));
    }

    @Test
    void get_resolvesSessionThenTenantThenUnscoped_andUnscopedIsSeenFromOtherTenants() {
        f.services.secrets().put(f.alice, id, "K", SecretScope.UNSCOPED, b("deployment"));
        f.services.secrets().put(f.alice, id, "K", SecretScope.TENANT, b("tenant"));
        SessionId other = f.services
                .sessions()
                .create(f.mallory, new CreateSession(null, null, null, "m", null, null, null, null, null, null))
                .session()
                .id();
        SessionId second = f.newSession();

        assertThat(f.services.secrets().get(f.alice, second, "K").value()).isEqualTo(b("tenant"));
        f.services.secrets().put(f.alice, second, "K", null, b("session"));
        assertThat(f.services.secrets().get(f.alice, second, "K").scope()).isEqualTo(SecretScope.SESSION);
        assertThat(f.services.secrets().get(f.mallory, other, "K").value()).isEqualTo(b("deployment"));
        assertThat(f.services.secrets().get(f.mallory, other, "K").scope()).isEqualTo(SecretScope.UNSCOPED);
        f.services.secrets().delete(f.alice, id, "K", SecretScope.UNSCOPED);
        Errors.code(ErrorCode.NOT_FOUND, () -> f.services.secrets().get(f.mallory, other, "K"));
        assertThat(events(f.alice, id).getLast().type()).isEqualTo(EventType.SECRET_DELETED);
    }

    @Test
    void scopes_areCheckedPerSecretScope_beforeTheSession() {
        Caller writer = with(f.alice.tenant(), "w", Scope.SESSION_WRITE);
        Caller admin = with(f.alice.tenant(), "a", Scope.ADMIN);
        Caller reader = with(f.alice.tenant(), "r");

        f.services.secrets().put(writer, id, "S", null, b("v"));
        Errors.code(
                ErrorCode.PERMISSION_DENIED,
                () -> f.services.secrets().put(writer, id, "T", SecretScope.TENANT, b("v")));
        f.services.secrets().put(admin, id, "T", SecretScope.TENANT, b("v"));
        Errors.code(
                ErrorCode.PERMISSION_DENIED,
                () -> f.services.secrets().put(admin, id, "U", SecretScope.UNSCOPED, b("v")));
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services.secrets().get(reader, id, "S"));
        Errors.code(
                ErrorCode.PERMISSION_DENIED, () -> f.services.secrets().delete(writer, id, "T", SecretScope.TENANT));
        assertThat(f.services.secrets().list(reader, id, PageRequest.FIRST).items())
                .hasSize(2);
        Errors.code(ErrorCode.NOT_FOUND, () -> f.services.secrets().put(f.mallory, id, "S", null, b("v")));
    }

    @Test
    void badNames_andOversizeValues_areRefused() {
        for (String bad : new String[] {"", "a/b", "a b", "é", "x".repeat(129), "a:b"}) {
            Errors.code(ErrorCode.INVALID_ARGUMENT, () -> f.services.secrets().put(f.alice, id, bad, null, b("v")));
        }
        f.services.secrets().put(f.alice, id, "x".repeat(128), null, new byte[64 * 1024]);
        var e = Errors.reason(
                Reason.PAYLOAD_TOO_LARGE,
                () -> f.services.secrets().put(f.alice, id, "big", null, new byte[64 * 1024 + 1]));
        assertThat(e.metadata()).containsEntry("limit", "65536");
    }

    @Test
    void list_ordersByNameThenScope_andPagesAcrossScopes() {
        for (String n : new String[] {"b", "a", "c"}) {
            f.services.secrets().put(f.alice, id, n, SecretScope.SESSION, b("1"));
            f.services.secrets().put(f.alice, id, n, SecretScope.TENANT, b("2"));
        }
        f.services.secrets().put(f.alice, id, "b", SecretScope.UNSCOPED, b("3"));
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Page<SecretRef> page = f.services.secrets().list(f.alice, id, new PageRequest(2, token));
            page.items().forEach(r -> seen.add(r.name() + "/" + r.scope()));
            token = page.nextPageToken();
        } while (!token.isEmpty());

        assertThat(seen)
                .containsExactly(
                        "a/SESSION", "a/TENANT", "b/SESSION", "b/TENANT", "b/UNSCOPED", "c/SESSION", "c/TENANT");
    }

    @Test
    void storedValues_areSealed_andDoNotOpenUnderAnotherName() {
        String plain = "plaintext-" + System.nanoTime();
        f.services.secrets().put(f.alice, id, "one", null, b(plain));
        f.services.secrets().put(f.alice, id, "two", null, b("other"));
        List<KeyValue> rows = f.meta.read(tx -> tx.scan(f.alice.tenant(), KeyRange.prefix(""), 100_000));
        for (KeyValue kv : rows) {
            assertThat(new String(kv.value(), StandardCharsets.ISO_8859_1)).doesNotContain(plain);
        }
        String one = "r/" + id.value() + "/secret/one";
        String two = "r/" + id.value() + "/secret/two";
        byte[] sealedOne = rows.stream()
                .filter(kv -> kv.key().equals(one))
                .findFirst()
                .orElseThrow()
                .value();
        String copied = new String(sealedOne, StandardCharsets.UTF_8).replace("\"name\":\"one\"", "\"name\":\"two\"");
        f.meta.write(tx -> {
            tx.put(f.alice.tenant(), two, copied.getBytes(StandardCharsets.UTF_8));
            return null;
        });

        Errors.code(ErrorCode.DATA_LOSS, () -> f.services.secrets().get(f.alice, id, "two"));
    }

    @Test
    void writes_needAStatusThatTakesMetadataWrites_andDeleteOfAMissingSecretIsNotFound() {
        Errors.code(ErrorCode.NOT_FOUND, () -> f.services.secrets().delete(f.alice, id, "nope", null));
        f.services.transitions().archive(f.alice, id);
        Errors.reason(Reason.SESSION_NOT_ACTIVE, () -> f.services.secrets().put(f.alice, id, "k", null, b("v")));
    }
}
