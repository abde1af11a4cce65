package io.aetherfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineConfigTest {
    private static final long MIB = 1L << 20;

    @Test
    void forHeap_ofOneGiB_keepsTheCachesToAboutAQuarterOfIt() {
        EngineConfig c = EngineConfig.forHeap(1024 * MIB);
        assertThat(c.chunkCacheBytes()).isEqualTo(128 * MIB);
        assertThat(c.extentCacheBytes()).isEqualTo(32 * MIB);
        long memos = c.canonicalMemoEntries() * 200;
        long sessions = c.maxCachedSessions() * 32 * 1024;
        assertThat(c.chunkCacheBytes() + c.extentCacheBytes() + memos + sessions)
                .isLessThanOrEqualTo(256 * MIB);
    }

    @Test
    void forHeap_ofALargeHeap_neverExceedsTheDefaults() {
        EngineConfig c = EngineConfig.forHeap(64L * 1024 * MIB);
        assertThat(c.chunkCacheBytes()).isEqualTo(EngineConfig.DEFAULT.chunkCacheBytes());
        assertThat(c.extentCacheBytes()).isEqualTo(EngineConfig.DEFAULT.extentCacheBytes());
        assertThat(c.canonicalMemoEntries()).isEqualTo(EngineConfig.DEFAULT.canonicalMemoEntries());
        assertThat(c.maxCachedSessions()).isEqualTo(EngineConfig.DEFAULT.maxCachedSessions());
    }

    @Test
    void forHeap_ofATinyHeap_keepsUsableMinimums() {
        EngineConfig c = EngineConfig.forHeap(64 * MIB);
        assertThat(c.chunkCacheBytes()).isEqualTo(16 * MIB);
        assertThat(c.maxCachedSessions()).isEqualTo(1_000);
    }
}
