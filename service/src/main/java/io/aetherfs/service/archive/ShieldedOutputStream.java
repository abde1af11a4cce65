package io.aetherfs.service.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** An output stream that forwards writes to the caller's stream but only flushes it on close, since the caller owns it. */
final class ShieldedOutputStream extends FilterOutputStream {

    ShieldedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
