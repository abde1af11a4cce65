package io.aetherfs.fuse;

import java.time.Duration;

/** The answer to getattr and setattr: the inode's attributes and how long the kernel may cache them. */
public interface AttrReply extends Reply {

    /** Answers with {@code attr}, cacheable for {@code timeout}. */
    void attr(Attr attr, Duration timeout);
}
