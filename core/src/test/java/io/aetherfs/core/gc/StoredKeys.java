package io.aetherfs.core.gc;

import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;

/**
 * Keys of the records garbage collection and fsck read, spelled out as the layout table of
 * docs/ARCHITECTURE.md has them (the engine builds them itself), so these tests also pin the layout
 * that existing data directories depend on. Objects and log rows are named by {@code StoredLayout}.
 */
final class StoredKeys {
    private StoredKeys() {}

    static String session(SessionId id) {
        return "s/" + id.value();
    }

    static String checkpoint(SessionId id, CheckpointId ckpt) {
        return "c/" + id.value() + "/" + ckpt.value();
    }

    static String commit(SessionId id, CommitId commit) {
        return "m/" + id.value() + "/" + commit.value();
    }

    static String mergeBase(SessionId target, SessionId source) {
        return "mb/" + target.value() + "/" + source.value();
    }

    static String idempotency(Hash key) {
        return "ik/" + key.hex();
    }
}
