package io.aetherfs.service.locks;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The stored kind of advisory locks: one table per path of a session, changed in the engine's changes. */
final class LockRecords {
    private static final TypeReference<List<PosixLock>> LIST = new TypeReference<>() {};

    private LockRecords() {}

    /**
     * The locks of each path as one JSON list under the SHA-256 of the path ({@code pl/{session}/{sha256}});
     * an empty table is deleted. Locks are not tree mutations, so their writes record no events.
     */
    static final RecordType<FsPath, List<PosixLock>> TABLES = RecordType.<FsPath, List<PosixLock>>builder(
                    "lock table", RecordLayout.POSIX_LOCKS)
            .idPart(p -> Hash.of(p.value().getBytes(StandardCharsets.UTF_8)).hex())
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(List<PosixLock> locks) {
                    return Json.write(locks);
                }

                @Override
                public List<PosixLock> decode(SessionId session, String idPart, byte[] value) {
                    try {
                        return Json.mapper().readValue(value, LIST);
                    } catch (IOException e) {
                        throw new IllegalStateException("corrupt lock table", e);
                    }
                }
            })
            .events(RecordEvent.Rule.none())
            .build();
}
