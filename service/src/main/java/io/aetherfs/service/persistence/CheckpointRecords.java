package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The stored kinds of checkpoints: the records, and the index of their names (unique per session). */
final class CheckpointRecords {
    private CheckpointRecords() {}

    /** Checkpoints by id (time-ordered); creating one records CHECKPOINT_CREATED, deleting CHECKPOINT_DELETED. */
    static final RecordType<CheckpointId, Checkpoint> CHECKPOINTS = RecordType.<CheckpointId, Checkpoint>builder(
                    "checkpoint", RecordLayout.CHECKPOINTS)
            .idPart(CheckpointId::value)
            .idOf(Checkpoint::id)
            .json(Checkpoint.class)
            .events(CheckpointRecords::event)
            .build();

    /** Checkpoint names → ids; written with the checkpoint, so they record no event of their own. */
    static final RecordType<String, CheckpointId> NAMES = RecordType.<String, CheckpointId>builder(
                    "checkpoint name", RecordLayout.CHECKPOINT_NAMES)
            .idPart(name -> Hash.of(name.getBytes(StandardCharsets.UTF_8)).hex())
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(CheckpointId id) {
                    return id.value().getBytes(StandardCharsets.US_ASCII);
                }

                @Override
                public CheckpointId decode(SessionId session, String idPart, byte[] value) {
                    return new CheckpointId(new String(value, StandardCharsets.US_ASCII));
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    private static RecordEvent event(Checkpoint before, Checkpoint after) {
        if (after == null) {
            return RecordEvent.of(
                    EventType.CHECKPOINT_DELETED,
                    null,
                    Map.of("checkpointId", before.id().value()));
        }
        if (before != null) {
            return null; // checkpoints are immutable; a rewrite of the same record is no event
        }
        Map<String, Object> d = new HashMap<>();
        d.put("checkpointId", after.id().value());
        d.put("fingerprint", after.fingerprint());
        if (after.name() != null) {
            d.put("name", after.name());
        }
        return RecordEvent.of(EventType.CHECKPOINT_CREATED, null, d);
    }
}
