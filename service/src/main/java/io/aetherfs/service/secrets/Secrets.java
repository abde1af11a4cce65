package io.aetherfs.service.secrets;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets of spec §8.13: values sealed with AES-256-GCM ({@link SecretCipher}) in one of three scopes,
 * looked up SESSION, then TENANT, then UNSCOPED. Writes are metadata writes of the named session and
 * record SECRET_SET or SECRET_DELETED (the name only) in its log, in the same change. Values never reach
 * events, messages or listings.
 */
public final class Secrets {
    /** A listing's resume position: the scope's ordinal, a colon, the name. */
    private static final java.util.regex.Pattern CURSOR =
            java.util.regex.Pattern.compile("[0-2]:[A-Za-z0-9_.-]{1,128}");

    private static final Comparator<SecretRef> ORDER =
            Comparator.comparing(SecretRef::name).thenComparing(SecretRef::scope);

    private final Engine engine;
    private final Limits limits;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final SecretCipher cipher;

    public Secrets(Engine engine, Limits limits, SecretKeys keys) {
        this.engine = engine;
        this.limits = limits;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.cipher = new SecretCipher(keys);
    }

    /** Lists the secrets visible from a session, by name and then scope; never their values. */
    public Page<SecretRef> list(Caller caller, SessionId id, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String route = "ListSecrets:" + id;
        String cursor = tokens.decode(page, route, "");
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            throw AfsException.invalid("invalid pageToken");
        }
        SecretName afterName = cursor == null ? null : new SecretName(cursor.substring(2));
        int afterScope = cursor == null ? -1 : cursor.charAt(0) - '0';
        List<SecretRef> merged = new ArrayList<>();
        for (SecretScope scope : SecretScope.values()) {
            Records<SecretName, StoredSecret> records = stored(caller.tenant(), id, scope);
            if (afterName != null && scope.ordinal() > afterScope) {
                records.get(afterName).ifPresent(s -> merged.add(s.ref()));
            }
            RecordQuery<SecretName> q = RecordQuery.<SecretName>first(size + 1).after(afterName);
            records.list(q).items().forEach(s -> merged.add(s.ref()));
        }
        merged.sort(ORDER);
        if (merged.size() <= size) {
            return new Page<>(merged, "");
        }
        List<SecretRef> items = List.copyOf(merged.subList(0, size));
        SecretRef last = items.getLast();
        return new Page<>(
                items,
                tokens.encode(
                        route, "", last.scope().ordinal() + ":" + last.name().value()));
    }

    /** Returns the value of the first secret named {@code name} in SESSION, TENANT, UNSCOPED order. */
    public Secret get(Caller caller, SessionId id, String name) {
        caller.require(Scope.SESSION_WRITE);
        SecretName n = SecretName.parse(name);
        access.load(caller, id);
        for (SecretScope scope : SecretScope.values()) {
            Optional<StoredSecret> found = stored(caller.tenant(), id, scope).get(n);
            if (found.isPresent()) {
                StoredSecret s = found.get();
                byte[] value = cipher.open(SecretPlace.of(scope, caller.tenant(), id, n), s.sealed());
                return new Secret(n, scope, value, s.createdAt(), s.updatedAt(), s.updatedBy());
            }
        }
        throw notFound(n, id);
    }

    /** Creates or replaces a secret of {@code scope} (null: SESSION) with {@code value}. */
    public SecretRef put(Caller caller, SessionId id, String name, SecretScope scope, byte[] value) {
        SecretScope in = scope == null ? SecretScope.SESSION : scope;
        caller.require(in.writtenWith());
        SecretName n = SecretName.parse(name);
        if (value.length > limits.maxSecretValueBytes()) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "secret " + n + " is " + value.length + " bytes; values are limited to "
                            + limits.maxSecretValueBytes() + " bytes",
                    "limit",
                    Long.toString(limits.maxSecretValueBytes()));
        }
        SecretCipher.Sealed sealed = cipher.seal(SecretPlace.of(in, caller.tenant(), id, n), value);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            Records<SecretName, StoredSecret> records = records(ctx, id, in);
            StoredSecret before = records.get(n).orElse(null);
            StoredSecret after = new StoredSecret(
                    n.value(),
                    in,
                    sealed.keyId(),
                    sealed.nonce(),
                    sealed.ciphertext(),
                    before == null ? ctx.now() : before.createdAt(),
                    ctx.now(),
                    caller.principal());
            records.put(after);
            if (in != SecretScope.SESSION) {
                ctx.appendEvent(id, EventType.SECRET_SET, null, Map.of("name", n.value()));
            }
            return after.ref();
        });
    }

    /** Deletes the secret {@code name} of {@code scope} (null: SESSION); NOT_FOUND if it has none. */
    public void delete(Caller caller, SessionId id, String name, SecretScope scope) {
        SecretScope in = scope == null ? SecretScope.SESSION : scope;
        caller.require(in.writtenWith());
        SecretName n = SecretName.parse(name);
        engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            if (!records(ctx, id, in).delete(n)) {
                throw AfsException.notFound(in.wireName() + " secret " + n + " not found"
                        + (in == SecretScope.SESSION ? " in session " + id : ""));
            }
            if (in != SecretScope.SESSION) {
                ctx.appendEvent(id, EventType.SECRET_DELETED, null, Map.of("name", n.value()));
            }
            return null;
        });
    }

    private Records<SecretName, StoredSecret> stored(TenantId tenant, SessionId id, SecretScope scope) {
        return switch (scope) {
            case SESSION -> engine.records(tenant).of(SecretRecords.SESSION, id);
            case TENANT -> engine.records(tenant).of(SecretRecords.TENANT, null);
            case UNSCOPED -> engine.records(TenantId.DEPLOYMENT).of(SecretRecords.UNSCOPED, null);
        };
    }

    private static Records<SecretName, StoredSecret> records(ChangeContext ctx, SessionId id, SecretScope scope) {
        return switch (scope) {
            case SESSION -> ctx.records(SecretRecords.SESSION, id);
            case TENANT -> ctx.records(SecretRecords.TENANT, null);
            case UNSCOPED -> ctx.deploymentRecords(SecretRecords.UNSCOPED);
        };
    }

    private static AfsException notFound(SecretName n, SessionId id) {
        return AfsException.notFound("secret " + n + " not found for session " + id);
    }
}
