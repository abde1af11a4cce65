package io.aetherfs.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void acquire_whileHeld_failsNamingTheDirectory() throws IOException {
        try (DataDirLock held = DataDirLock.acquire(dir.resolve("data"))) {
            assertThat(held).isNotNull();
            assertThatThrownBy(() -> DataDirLock.acquire(dir.resolve("data")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another afs-server");
        }
    }

    @Test
    void acquire_afterRelease_succeeds() throws IOException {
        DataDirLock.acquire(dir).close();
        DataDirLock.acquire(dir).close();
    }
}
