package io.aetherfs.service.secrets;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.EventType;
import java.util.Map;

/**
 * The stored kinds of secrets, one per scope, all keyed by name (so listings are in byte-wise name
 * order): session secrets under their session ({@code r/{session}/secret/{name}}, deleted with it),
 * tenant secrets beside the sessions ({@code t/secret/{name}}), and unscoped secrets in the deployment's
 * own keyspace ({@code t/unscoped-secret/{name}} of {@code TenantId.DEPLOYMENT}). A session secret's write
 * records SECRET_SET or SECRET_DELETED with the name only; tenant and unscoped secrets belong to no
 * session, so {@link Secrets} appends those events to the session the request named.
 */
final class SecretRecords {
    private SecretRecords() {}

    static final RecordType<SecretName, StoredSecret> SESSION = RecordType.<SecretName, StoredSecret>builder(
                    "secret", RecordLayout.perSession("secret"))
            .idPart(SecretName::value)
            .idOf(StoredSecret::secretName)
            .json(StoredSecret.class)
            .events(SecretRecords::event)
            .build();

    static final RecordType<SecretName, StoredSecret> TENANT = RecordType.<SecretName, StoredSecret>builder(
                    "tenant secret", RecordLayout.perTenant("secret"))
            .idPart(SecretName::value)
            .idOf(StoredSecret::secretName)
            .json(StoredSecret.class)
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<SecretName, StoredSecret> UNSCOPED = RecordType.<SecretName, StoredSecret>builder(
                    "unscoped secret", RecordLayout.perTenant("unscoped-secret"))
            .idPart(SecretName::value)
            .idOf(StoredSecret::secretName)
            .json(StoredSecret.class)
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the kind holding secrets of {@code scope}. */
    static RecordType<SecretName, StoredSecret> of(SecretScope scope) {
        return switch (scope) {
            case SESSION -> SESSION;
            case TENANT -> TENANT;
            case UNSCOPED -> UNSCOPED;
        };
    }

    /** Returns the event of a write: the secret's name, never its value. */
    static RecordEvent event(StoredSecret before, StoredSecret after) {
        return after == null
                ? RecordEvent.of(EventType.SECRET_DELETED, null, Map.of("name", before.name()))
                : RecordEvent.of(EventType.SECRET_SET, null, Map.of("name", after.name()));
    }
}
