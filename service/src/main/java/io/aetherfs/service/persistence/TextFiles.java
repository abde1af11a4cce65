package io.aetherfs.service.persistence;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.merge.LineMerge;
import io.aetherfs.core.merge.LineMergeResult;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.FileEntry;
import java.util.Map;
import java.util.Optional;

/**
 * Reads file versions for a line merge and stores merged text: large extents go to the blob store at
 * once, small ones are collected in {@code inline} for the merge's change to store.
 */
final class TextFiles {
    private final ContentStore store;
    private final Map<Hash, byte[]> inline;

    TextFiles(ContentStore store, Map<Hash, byte[]> inline) {
        this.store = store;
        this.inline = inline;
    }

    /** Returns whether a file is text a line merge may handle (UTF-8, no NUL, at most 8 MiB). */
    boolean isText(FileEntry f) {
        return f.content().size() <= LineMerge.MAX_TEXT_BYTES && LineMerge.isText(bytes(f));
    }

    /** Returns ours with the line-merged content, or empty when the hunks overlap. */
    Optional<FileEntry> merge(FsPath path, FileEntry ancestor, FileEntry ours, FileEntry theirs) {
        LineMergeResult r =
                LineMerge.merge(ancestor == null ? new byte[0] : bytes(ancestor), bytes(ours), bytes(theirs));
        if (r instanceof LineMergeResult.Clean(byte[] merged)) {
            Prepared p = store.write(merged);
            inline.putAll(p.inline());
            return Optional.of(ours.withContent(p.content()));
        }
        return Optional.empty();
    }

    private byte[] bytes(FileEntry f) {
        return store.read(f.content(), 0, (int) f.content().size());
    }
}
