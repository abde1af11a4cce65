package io.aetherfs.core.content;

/** Bytes to write at an offset of a file. */
public record Segment(long offset, byte[] data) {
    public Segment {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset");
        }
    }
}
