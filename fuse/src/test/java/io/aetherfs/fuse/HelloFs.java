package io.aetherfs.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The README's example: a read-only filesystem with one file, {@code /hello}, served from memory. */
public final class HelloFs implements FuseFilesystem {

    static final byte[] TEXT = "Hello from Java!\n".getBytes(StandardCharsets.UTF_8);
    static final long HELLO = 2;
    static final Duration TTL = Duration.ofSeconds(1);

    private static Attr attr(long ino) {
        boolean dir = ino == FuseSession.ROOT;
        long now = System.currentTimeMillis() * 1_000_000;
        int mode = dir ? Attr.S_IFDIR | 0555 : Attr.S_IFREG | 0444;
        return new Attr(ino, mode, dir ? 2 : 1, 0, 0, 0, dir ? 0 : TEXT.length, 0, 4096, now, now, now);
    }

    @Override
    public void lookup(long parent, String name, EntryReply reply) throws FuseException {
        if (parent != FuseSession.ROOT || !name.equals("hello")) {
            throw new FuseException(Errno.ENOENT);
        }
        reply.entry(new Entry(HELLO, attr(HELLO), TTL, TTL));
    }

    @Override
    public void getattr(long ino, AttrReply reply) throws FuseException {
        if (ino != FuseSession.ROOT && ino != HELLO) {
            throw new FuseException(Errno.ENOENT);
        }
        reply.attr(attr(ino), TTL);
    }

    @Override
    public void readdir(long ino, long fh, long offset, DirReply reply) {
        String[] names = {".", "..", "hello"};
        for (int i = (int) offset; i < names.length; i++) {
            if (!reply.add(names[i], i == 2 ? HELLO : ino, i == 2 ? Attr.S_IFREG : Attr.S_IFDIR, i + 1)) {
                break;
            }
        }
        reply.done();
    }

    @Override
    public void open(long ino, int flags, OpenReply reply) throws FuseException {
        if ((flags & 3) != 0) {
            throw new FuseException(Errno.EACCES); // read-only
        }
        reply.opened(OpenFile.cached(0));
    }

    @Override
    public void read(long ino, long fh, long offset, int size, ReadReply reply) {
        int from = (int) Math.min(offset, TEXT.length);
        reply.data(TEXT, from, Math.min(size, TEXT.length - from));
    }

    /** Mounts it at the directory given as the first argument until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        try (FuseSession s =
                FuseSession.mount(new HelloFs(), java.nio.file.Path.of(args[0]), MountOptions.defaults())) {
            System.out.println("mounted; " + s.connection());
            s.awaitUnmounted();
        }
    }
}
