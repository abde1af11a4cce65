package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.ForkPoint;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceRef;
import java.util.function.Function;

/**
 * Chooses the common ancestor of a merge (spec §8.5): the base recorded by the pair's last merge,
 * else the fork point on the lineage, else the source revision both sessions started from, else the
 * empty tree (null).
 * Merge-base values are the 32 raw bytes of the source tree root.
 */
final class MergeBases {
    /**
     * The recorded merge bases of a target session, by source session: the source tree root the pair's
     * last merge took. Written with the merge, whose MERGE_COMPLETED event says what happened.
     */
    static final RecordType<SessionId, Hash> RECORDED = RecordType.<SessionId, Hash>builder(
                    "merge base", RecordLayout.MERGE_BASES)
            .idPart(SessionId::value)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(Hash sourceRoot) {
                    return sourceRoot.toBytes();
                }

                @Override
                public Hash decode(SessionId target, String source, byte[] value) {
                    return Hash.fromBytes(value);
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    private MergeBases() {}

    /**
     * Returns the ancestor's root given the pair's recorded merge base (null: none); null for the empty
     * tree. {@code revisionRoot} returns the stored root of a source revision (null when it is gone).
     */
    static Hash ancestor(Hash recorded, Session target, Session source, Function<SourceRef, Hash> revisionRoot) {
        if (recorded != null) {
            return recorded;
        }
        Hash lineage = lineage(target, source);
        if (lineage != null) {
            return lineage;
        }
        SourceRef ref = target.origin().sourceRef();
        if (ref != null && ref.equals(source.origin().sourceRef())) {
            return revisionRoot.apply(ref); // rule 3: both started from the same source revision
        }
        return null;
    }

    /** Returns whether {@code child} descends from {@code parent} through fork links. */
    static boolean descends(Session child, SessionId parent) {
        return child.origin().lineage().stream().anyMatch(f -> f.parent().equals(parent));
    }

    private static Hash lineage(Session a, Session b) {
        ForkPoint onA = forkOn(b, a.id());
        if (onA != null) {
            return onA.root(); // b descends from a
        }
        ForkPoint onB = forkOn(a, b.id());
        if (onB != null) {
            return onB.root(); // a descends from b
        }
        // nearest common ancestor: the deepest session both lineages fork from
        for (int i = a.origin().lineage().size() - 1; i >= 0; i--) {
            SessionId anc = a.origin().lineage().get(i).parent();
            ForkPoint fa = forkOn(a, anc);
            ForkPoint fb = forkOn(b, anc);
            if (fb != null) {
                return fa.forkedAt().isBefore(fb.forkedAt()) ? fa.root() : fb.root();
            }
        }
        return null;
    }

    /** Returns the fork point of {@code s}'s line of descent on {@code ancestor}, or null. */
    private static ForkPoint forkOn(Session s, SessionId ancestor) {
        for (ForkPoint f : s.origin().lineage()) {
            if (f.parent().equals(ancestor)) {
                return f;
            }
        }
        return null;
    }
}
