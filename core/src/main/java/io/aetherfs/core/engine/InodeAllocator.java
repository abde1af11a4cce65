package io.aetherfs.core.engine;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out inode numbers unique within a tenant, across all its sessions and server nodes, by
 * reserving blocks from a counter in the metadata store. Unique numbers mean a merge never brings
 * two different files with one inode together. Inode 1 is every tree's root.
 */
public final class InodeAllocator {
    private static final long BLOCK = 1 << 16;
    /** The most numbers one call may take (a tarball of millions of entries still fits easily). */
    private static final long MAX_COUNT = 1L << 40;

    private static final long FIRST = 2;

    private final MetaStore meta;
    private final Map<TenantId, long[]> ranges = new ConcurrentHashMap<>();

    InodeAllocator(MetaStore meta) {
        this.meta = meta;
    }

    /** Returns the first of {@code count} consecutive fresh inode numbers. */
    public long allocate(TenantId tenant, long count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("inode count out of range: " + count);
        }
        long[] range = ranges.computeIfAbsent(tenant, t -> new long[] {0, 0});
        synchronized (range) {
            if (range[1] - range[0] < count) {
                long start = reserve(tenant, Math.max(BLOCK, count));
                range[0] = start;
                range[1] = start + Math.max(BLOCK, count);
            }
            long first = range[0];
            range[0] += count;
            return first;
        }
    }

    private long reserve(TenantId tenant, long n) {
        return meta.write(tx -> {
            long next = tx.get(tenant, KeySpace.INODE_COUNTER)
                    .map(b -> ByteBuffer.wrap(b).getLong())
                    .orElse(FIRST);
            tx.put(
                    tenant,
                    KeySpace.INODE_COUNTER,
                    ByteBuffer.allocate(8).putLong(next + n).array());
            return next;
        });
    }
}
