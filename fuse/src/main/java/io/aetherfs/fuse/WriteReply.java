package io.aetherfs.fuse;

/** The answer to write and copy_file_range: how many bytes were written. */
public interface WriteReply extends Reply {

    /** Answers that {@code count} bytes were written. */
    void written(long count);
}
