package io.aetherfs.fuse;

/** The answer to create: the new entry and its open file. */
public interface CreateReply extends Reply {

    /** Answers with the created {@code entry} (one lookup) opened as {@code file}. */
    void created(Entry entry, OpenFile file);
}
