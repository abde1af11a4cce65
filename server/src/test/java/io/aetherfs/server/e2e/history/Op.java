package io.aetherfs.server.e2e.history;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request of the recorded workload, as the client meant it: the operation, the session it acts
 * on and its arguments. The sealed set is the vocabulary both the workload and the checker's
 * sequential model speak.
 */
public sealed interface Op {
    /** The session the operation changes or reads (the target of a merge). */
    String session();

    /** Returns whether the operation can change state (reads cannot). */
    default boolean mutates() {
        return true;
    }

    /** Returns a short description for reports. */
    String describe();

    /** A raw PUT of a whole file, with createParents; conditional on {@code expectedHash} when set. */
    record Write(String session, String path, byte[] content, String expectedHash, boolean createOnly) implements Op {
        public String hash() {
            return Tree.sha256(content);
        }

        @Override
        public String describe() {
            return "write " + path + " " + short12(hash())
                    + (expectedHash == null ? "" : " if " + short12(expectedHash))
                    + (createOnly ? " (create-only)" : "");
        }
    }

    /** patchSegments with one segment. */
    record Patch(String session, String path, long offset, byte[] data, String expectedHash, boolean createIfMissing)
            implements Op {
        @Override
        public String describe() {
            return "patch " + path + " @" + offset + " '" + new String(data, StandardCharsets.UTF_8).strip() + "'"
                    + (expectedHash == null ? "" : " if " + short12(expectedHash))
                    + (createIfMissing ? " (create)" : "");
        }
    }

    /** DeleteFile. */
    record Delete(String session, String path, String expectedHash) implements Op {
        @Override
        public String describe() {
            return "delete " + path + (expectedHash == null ? "" : " if " + short12(expectedHash));
        }
    }

    /** Rename of a file or directory. */
    record Rename(String session, String from, String to, boolean overwrite) implements Op {
        @Override
        public String describe() {
            return "rename " + from + " -> " + to + (overwrite ? " (overwrite)" : "");
        }
    }

    /** CreateDirectory. */
    record Mkdir(String session, String path, boolean createParents) implements Op {
        @Override
        public String describe() {
            return "mkdir " + path + (createParents ? " -p" : "");
        }
    }

    /** DeleteDirectory. */
    record Rmdir(String session, String path, boolean recursive) implements Op {
        @Override
        public String describe() {
            return "rmdir " + path + (recursive ? " -r" : "");
        }
    }

    /** Batch of writes, deletes, mkdirs and renames, all or nothing. */
    record Batch(String session, List<Op> steps) implements Op {
        @Override
        public String describe() {
            return "batch ["
                    + String.join("; ", steps.stream().map(Op::describe).toList()) + "]";
        }
    }

    /** ForkSession. */
    record Fork(String session) implements Op {
        @Override
        public String describe() {
            return "fork " + session;
        }
    }

    /** CreateCheckpoint, named or not. */
    record Checkpoint(String session, String name) implements Op {
        @Override
        public String describe() {
            return "checkpoint" + (name == null ? "" : " '" + name + "'");
        }
    }

    /** RestoreCheckpoint. */
    record Restore(String session, String checkpointId, boolean safetyCheckpoint) implements Op {
        @Override
        public String describe() {
            return "restore " + checkpointId + (safetyCheckpoint ? " (safety checkpoint)" : "");
        }
    }

    /** Commit. */
    record Commit(String session, String expectedFingerprint, boolean allowEmpty) implements Op {
        @Override
        public String describe() {
            return "commit" + (expectedFingerprint == null ? "" : " if " + expectedFingerprint.substring(0, 12))
                    + (allowEmpty ? " (allowEmpty)" : "");
        }
    }

    /** {@code :merge} (child into its ancestor) or {@code :mergeFrom} (any source). */
    record Merge(String session, String source, boolean fromChild, String strategy, boolean lineMerge) implements Op {
        @Override
        public String describe() {
            return (fromChild ? ":merge " : ":mergeFrom ") + source + " " + strategy
                    + (lineMerge ? "" : " (no line merge)");
        }
    }

    /** syncFromTarball of a tar holding {@code files} (paths relative to {@code basePath}). */
    record Sync(
            String session,
            String basePath,
            boolean deleteMissing,
            Map<String, byte[]> files,
            String expectedFingerprint)
            implements Op {
        @Override
        public String describe() {
            return "sync base='" + basePath + "' " + files.keySet() + (deleteMissing ? " deleteMissing" : "")
                    + (expectedFingerprint == null ? "" : " if " + expectedFingerprint.substring(0, 12));
        }
    }

    /** GET of a file's bytes. */
    record ReadFile(String session, String path) implements Op {
        @Override
        public boolean mutates() {
            return false;
        }

        @Override
        public String describe() {
            return "read " + path;
        }
    }

    /** GET of the whole manifest. */
    record ReadManifest(String session) implements Op {
        @Override
        public boolean mutates() {
            return false;
        }

        @Override
        public String describe() {
            return "manifest";
        }
    }

    /** GET of the session (status and fingerprint). */
    record ReadSession(String session) implements Op {
        @Override
        public boolean mutates() {
            return false;
        }

        @Override
        public String describe() {
            return "get session";
        }
    }

    private static String short12(String hash) {
        return hash.isEmpty() ? "(absent)" : hash.substring(0, Math.min(12, hash.length()));
    }
}
