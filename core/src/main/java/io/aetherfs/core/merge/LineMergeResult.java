package io.aetherfs.core.merge;

import java.util.Arrays;

/** Outcome of a line-level three-way merge of one file: the merged bytes, or how many hunks conflicted. */
public sealed interface LineMergeResult {

    /** A merge whose changed hunks did not collide; {@link #merged()} is the resulting file content. */
    record Clean(byte[] merged) implements LineMergeResult {

        /** Creates a clean result holding a private copy of {@code merged}. */
        public Clean {
            merged = merged.clone();
        }

        /** Returns a copy of the merged content. */
        @Override
        public byte[] merged() {
            return merged.clone();
        }

        /** Returns the length of the merged content in bytes, without copying it. */
        public int size() {
            return merged.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Clean(byte[] otherMerged) && Arrays.equals(merged, otherMerged);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(merged);
        }

        @Override
        public String toString() {
            return "Clean[" + merged.length + " bytes]";
        }
    }

    /** A merge in which both sides changed overlapping or touching hunks differently; the path stays a conflict. */
    record Conflict(int conflictingHunks) implements LineMergeResult {

        /** Creates a conflict result; there is always at least one conflicting hunk. */
        public Conflict {
            if (conflictingHunks < 1) {
                throw new IllegalArgumentException("conflictingHunks must be >= 1: " + conflictingHunks);
            }
        }
    }
}
