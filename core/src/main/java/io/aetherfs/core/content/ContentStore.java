package io.aetherfs.core.content;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads one tenant's file content as extents aligned to 4 MiB blocks. Extents up to 16 KiB
 * are returned for the change to store inline in the metadata transaction; larger ones are made
 * durable in the blob store before the call returns.
 */
public final class ContentStore {
    private final TenantId tenant;
    private final BlobStore blobs;
    private final ExtentReader reader;

    public ContentStore(TenantId tenant, BlobStore blobs, ExtentReader reader) {
        this.tenant = tenant;
        this.blobs = blobs;
        this.reader = reader;
    }

    /** Returns content holding exactly {@code data}. */
    public Prepared write(byte[] data) {
        try {
            return write(new java.io.ByteArrayInputStream(data), data.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns content holding the bytes of {@code in} until its end; more than {@code maxBytes} fails
     * with RESOURCE_EXHAUSTED (PAYLOAD_TOO_LARGE) and stores nothing the metadata refers to.
     */
    public Prepared write(InputStream in, long maxBytes) throws IOException {
        return write(in, maxBytes, false);
    }

    /**
     * Returns content holding the bytes of {@code in} like {@link #write(InputStream, long)}, but stores its
     * large extents without making them durable: the caller makes them durable with {@link #sync} (one
     * barrier for many files) before it commits anything that refers to them.
     */
    public Prepared writeDeferred(InputStream in, long maxBytes) throws IOException {
        return write(in, maxBytes, true);
    }

    /** Makes durable the blob extents of contents written with {@link #writeDeferred} (the import barrier). */
    public void sync(java.util.Collection<Hash> blobExtents) {
        blobs.sync(tenant, blobExtents);
    }

    private Prepared write(InputStream in, long maxBytes, boolean deferred) throws IOException {
        MessageDigest whole = Hash.sha256();
        List<Extent> extents = new ArrayList<>();
        Map<Hash, byte[]> inline = new HashMap<>();
        long offset = 0;
        while (true) {
            byte[] block = in.readNBytes(Extent.BLOCK_BYTES);
            if (block.length == 0) {
                break;
            }
            if (offset + block.length > maxBytes) {
                throw AfsException.of(
                        Reason.PAYLOAD_TOO_LARGE,
                        "file content exceeds the limit of " + maxBytes + " bytes",
                        "limit",
                        Long.toString(maxBytes));
            }
            whole.update(block);
            extents.add(store(offset, block, inline, deferred));
            offset += block.length;
            if (block.length < Extent.BLOCK_BYTES) {
                break;
            }
        }
        return new Prepared(new Content(offset, extents, Hash.finish(whole)), inline);
    }

    /**
     * Returns {@code base} with {@code segments} written over it and then, if {@code truncateTo} is not
     * null, cut or extended (with a hole) to that size. Only the 4 MiB blocks touched are rewritten.
     */
    public Prepared patch(Content base, List<Segment> segments, Long truncateTo, long maxBytes) {
        long size = base.size();
        for (Segment s : segments) {
            size = Math.max(size, s.offset() + s.data().length);
        }
        if (truncateTo != null) {
            size = truncateTo;
        }
        if (size > maxBytes) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "file would exceed the limit of " + maxBytes + " bytes",
                    "limit",
                    Long.toString(maxBytes));
        }
        return new BlockPatcher(this, base, size).write(segments).finish();
    }

    /** Returns {@code base} with the bytes of [offset, offset+length) turned into a hole. */
    public Prepared punchHole(Content base, long offset, long length) {
        return new BlockPatcher(this, base, base.size()).punch(offset, length).finish();
    }

    /** Returns up to {@code length} bytes from {@code offset} (fewer at the end; holes read as zeros). */
    public byte[] read(Content c, long offset, int length) {
        if (offset >= c.size() || length <= 0) {
            return new byte[0];
        }
        int n = (int) Math.min(length, c.size() - offset);
        byte[] out = new byte[n];
        for (Extent e : c.extents()) {
            long from = Math.max(offset, e.offset());
            long to = Math.min(offset + n, e.end());
            if (from >= to) {
                continue;
            }
            byte[] part = reader.read(e, from - e.offset(), (int) (to - from));
            System.arraycopy(part, 0, out, (int) (from - offset), part.length);
        }
        return out;
    }

    /** Receives consecutive pieces of streamed content. */
    @FunctionalInterface
    public interface Sink {
        void accept(long offset, byte[] data) throws IOException;
    }

    /** Streams [offset, offset+length) (clamped at the end) to {@code sink} in pieces of at most {@code piece} bytes. */
    public void stream(Content c, long offset, long length, int piece, Sink sink) throws IOException {
        long end = Math.min(c.size(), offset + Math.max(0, length));
        for (long pos = offset; pos < end; ) {
            int n = (int) Math.min(piece, end - pos);
            sink.accept(pos, read(c, pos, n));
            pos += n;
        }
    }

    /** Returns the SHA-256 of the whole content, computing it (and remembering it) when unknown. */
    public Hash contentHash(Content c) {
        if (c.contentHash() != null) {
            return c.contentHash();
        }
        return reader.rememberedHash(c.layoutDigest(), () -> {
            MessageDigest md = Hash.sha256();
            try {
                stream(c, 0, c.size(), Extent.BLOCK_BYTES, (off, data) -> md.update(data));
            } catch (IOException e) {
                throw AfsException.unavailable("reading content failed", e);
            }
            return Hash.finish(md);
        });
    }

    /** Stores one extent's bytes (inline map or blob store) and returns the extent. */
    Extent store(long offset, byte[] data, Map<Hash, byte[]> inline) {
        return store(offset, data, inline, false);
    }

    private Extent store(long offset, byte[] data, Map<Hash, byte[]> inline, boolean deferred) {
        Hash h = Hash.of(data);
        if (Extent.isInline(data.length)) {
            inline.put(h, data);
        } else if (deferred) {
            blobs.putDeferred(tenant, h, data, 0, data.length);
        } else {
            blobs.put(tenant, h, data, 0, data.length);
        }
        return new Extent(offset, data.length, h);
    }

    /** Returns the bytes of an extent. */
    byte[] readExtent(Extent e) {
        return reader.read(e, 0, e.length());
    }

    /** Returns an error for content that should exist but does not. */
    static AfsException missing(Extent e) {
        return new AfsException(
                ErrorCode.DATA_LOSS, "content extent " + e.hash().hex() + " is missing; run `afs-server fsck`");
    }
}
