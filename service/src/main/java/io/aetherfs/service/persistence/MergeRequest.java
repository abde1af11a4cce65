package io.aetherfs.service.persistence;

import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.collab.LockToken;
import java.util.Map;

/**
 * A merge of {@code source} into {@code target}. {@code requireDescendant} is set for {@code :merge},
 * where the source must descend from the target. {@code lockToken} (null: none) lets the merge change
 * paths of the target under the collaboration lock it belongs to.
 */
public record MergeRequest(
        SessionId target,
        SessionId source,
        TreeMerge.Strategy strategy,
        Map<FsPath, TreeMerge.Side> resolutions,
        boolean lineMerge,
        boolean dryRun,
        boolean requireDescendant,
        LockToken lockToken) {}
