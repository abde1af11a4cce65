package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Notifier.Notice;

/**
 * The text a {@link PgNotifier} sends as a {@code NOTIFY} payload: {@code 1 <tenant> <sequence> <stream>},
 * space-separated (a stream never contains a space), at most about 260 bytes against PostgreSQL's 8000.
 * The leading format version lets a node skip payloads of a newer format during a rolling upgrade.
 */
final class NoticePayload {
    private static final String VERSION = "1";

    private NoticePayload() {}

    /** Returns the payload announcing {@code notice}. */
    static String encode(Notice notice) {
        return VERSION + " " + notice.tenant().value() + " " + notice.sequence() + " " + notice.stream();
    }

    /** Returns the notice in {@code payload}; throws IllegalArgumentException if it is not one of ours. */
    static Notice decode(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(" ", 4);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a version-" + VERSION + " notice payload");
        }
        try {
            return new Notice(new TenantId(parts[1]), parts[3], Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a notice payload with a malformed sequence", e);
        }
    }
}
