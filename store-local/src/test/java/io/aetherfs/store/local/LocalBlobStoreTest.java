package io.aetherfs.store.local;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local-directory behaviour beyond the contract: layout, crash leftovers, clock stamping and errors. */
class LocalBlobStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;

    @Test
    void put_newBlob_isOneFileInItsTenantShardWithNoTempLeft() throws IOException {
        Path root = dir.resolve("blobs");
        byte[] data = randomBytes(1, 1000);
        Hash hash = Hash.of(data);
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            store.put(TENANT_A, hash, data, 0, data.length);
        }
        Path file = root.resolve(TENANT_A.value())
                .resolve(hash.hex().substring(0, 2))
                .resolve(hash.hex());
        assertThat(file).hasBinaryContent(data);
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile)).containsExactly(file);
        }
    }

    @Test
    void put_overAnEmptyFileACrashLeftOfADeferredPut_writesTheBlobAgain() throws IOException {
        Path root = dir.resolve("blobs");
        byte[] data = randomBytes(2, 1000);
        Hash hash = Hash.of(data);
        Path file = root.resolve(TENANT_A.value())
                .resolve(hash.hex().substring(0, 2))
                .resolve(hash.hex());
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]); // what a machine crash can leave of an unsynced rename
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(file).hasBinaryContent(data);
            Files.write(file, new byte[0]);
            store.putDeferred(TENANT_A, hash, data, 0, data.length);
            store.sync(TENANT_A, java.util.List.of(hash));
        }
        assertThat(file).hasBinaryContent(data);
    }

    @Test
    void open_crashLeftoverTempFiles_areIgnoredAndOldOnesRemoved() throws IOException {
        Path root = dir.resolve("blobs");
        byte[] data = randomBytes(2, 100);
        Hash stored = Hash.of(data);
        Hash unfinished = Hash.of(randomBytes(3, 100));
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            store.put(TENANT_A, stored, data, 0, data.length);
        }
        Path old = leftover(root.resolve(TENANT_A.value()).resolve(stored.hex().substring(0, 2)), unfinished, 2);
        Path otherTenant =
                leftover(root.resolve(TENANT_B.value()).resolve(unfinished.hex().substring(0, 2)), unfinished, 5);
        Path fresh =
                leftover(root.resolve(TENANT_A.value()).resolve(stored.hex().substring(0, 2)), stored, 0);

        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            assertThat(old).doesNotExist();
            assertThat(otherTenant).doesNotExist();
            assertThat(fresh).exists(); // may be a put in progress in another process
            assertThat(store.list(TENANT_A, null, 10))
                    .extracting(BlobInfo::hash)
                    .containsExactly(stored);
            assertThat(store.get(TENANT_A, unfinished, 0, 100)).isEmpty();
            assertThat(store.stat(TENANT_A, unfinished)).isEmpty();
            assertThat(store.tenants()).containsExactly(TENANT_A);
            assertThat(store.get(TENANT_A, stored, 0, 100))
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
        }
    }

    @Test
    void list_foreignFilesInTheTree_areIgnored() throws IOException {
        Path root = dir.resolve("blobs");
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            byte[] data = randomBytes(4, 10);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, data, 0, data.length);
            Path shard = root.resolve(TENANT_A.value()).resolve(hash.hex().substring(0, 2));
            Files.writeString(shard.resolve("notes.txt"), "x");
            Files.writeString(shard.resolve(hash.hex().toUpperCase(Locale.ROOT)), "x");
            Files.createDirectories(root.resolve(TENANT_A.value()).resolve("zz"));
            Files.createDirectories(root.resolve("not-a-tenant").resolve("00"));
            assertThat(store.list(TENANT_A, null, 10))
                    .extracting(BlobInfo::hash)
                    .containsExactly(hash);
            assertThat(store.tenants()).containsExactly(TENANT_A);
        }
    }

    @Test
    void put_withInjectedClock_stampsAndOnlyMovesLastModifiedForward() {
        TestClock clock = new TestClock(T0);
        try (LocalBlobStore store = LocalBlobStore.open(dir.resolve("blobs"), clock)) {
            byte[] data = randomBytes(5, 10);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(T0);
            clock.set(T0.plusSeconds(3600));
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(T0.plusSeconds(3600));
            clock.set(T0.plusSeconds(60));
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(T0.plusSeconds(3600));
        }
    }

    @Test
    void put_tenantDirectoryRemovedBehindTheStore_recreatesIt() throws IOException {
        Path root = dir.resolve("blobs");
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            byte[] first = randomBytes(8, 10);
            store.put(TENANT_A, Hash.of(first), first, 0, first.length);
            try (Stream<Path> tree = Files.walk(root.resolve(TENANT_A.value()))) {
                tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            store.put(TENANT_A, Hash.of(first), first, 0, first.length);
            assertThat(store.get(TENANT_A, Hash.of(first), 0, 10))
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(first));
        }
    }

    @Test
    void put_tenantPathOccupiedByAFile_throwsUnavailable() throws IOException {
        Path root = dir.resolve("blobs");
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            Files.writeString(root.resolve(TENANT_A.value()), "in the way");
            byte[] data = randomBytes(6, 10);
            assertUnavailable(() -> store.put(TENANT_A, Hash.of(data), data, 0, data.length));
        }
    }

    @Test
    void checkHealth_rootRemoved_throwsUnavailable() throws IOException {
        Path root = dir.resolve("blobs");
        try (LocalBlobStore store = LocalBlobStore.open(root)) {
            store.checkHealth();
            Files.delete(root);
            assertUnavailable(store::checkHealth);
        }
    }

    @Test
    void open_rootIsARegularFile_throwsUnavailable() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertUnavailable(() -> LocalBlobStore.open(file));
    }

    /** Creates a temp file as a crashed put would leave it, {@code minutesOld} minutes old. */
    private static Path leftover(Path shard, Hash hash, int minutesOld) throws IOException {
        Files.createDirectories(shard);
        Path temp = BlobPaths.tempFor(shard.resolve(hash.hex()));
        Files.write(temp, randomBytes(7, 50));
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesOld))));
        return temp;
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
