package io.aetherfs.service.transfer;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.tree.Content;
import java.io.InputStream;

/** An input stream over a file's content, read from its extents in pieces of at most 1 MiB. */
public final class ContentStream extends InputStream {
    private static final int PIECE = 1 << 20;

    private final ContentStore store;
    private final Content content;
    private final long end;
    private long pos;
    private byte[] buf = new byte[0];
    private int bufPos;

    public ContentStream(ContentStore store, Content content, long offset, long length) {
        this.store = store;
        this.content = content;
        this.pos = Math.min(offset, content.size());
        this.end = Math.min(content.size(), offset + length);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (bufPos == buf.length) {
            if (pos >= end) {
                return -1;
            }
            buf = store.read(content, pos, (int) Math.min(PIECE, end - pos));
            pos += buf.length;
            bufPos = 0;
        }
        int n = Math.min(len, buf.length - bufPos);
        System.arraycopy(buf, bufPos, b, off, n);
        bufPos += n;
        return n;
    }
}
