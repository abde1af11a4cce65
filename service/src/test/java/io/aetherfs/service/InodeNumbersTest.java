package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.transfer.SyncRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every entry gets an inode number of its own, however many entries or parent directories one request makes. */
class InodeNumbersTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<EntryView> everything(SessionId s) {
        List<EntryView> all = new ArrayList<>();
        String token = "";
        do {
            var page = f.services
                    .fileReads()
                    .manifest(f.alice, s, new ManifestQuery(FsPath.ROOT, true, false), new PageRequest(1000, token));
            all.addAll(page.entries());
            token = page.nextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private static void assertUniqueInodes(List<EntryView> entries) {
        Set<Long> seen = new HashSet<>();
        for (EntryView e : entries) {
            assertThat(seen.add(e.entry().attrs().inode()))
                    .as("inode of %s is unique", e.path())
                    .isTrue();
        }
    }

    @Test
    void sync_ofATarWithTenThousandEntries_succeedsWithUniqueInodes() throws Exception {
        SessionId s = f.newSession();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, tar)) {
            for (int i = 0; i < 10_000; i++) {
                byte[] data = ("file " + i).getBytes(StandardCharsets.UTF_8);
                w.add(
                        ArchiveEntry.file("d" + (i % 7) + "/sub/f" + i, 0644, Instant.EPOCH, data.length),
                        () -> new ByteArrayInputStream(data));
            }
            w.finish();
        }

        f.services
                .syncs()
                .sync(
                        f.alice,
                        s,
                        new SyncRequest(ArchiveFormat.TAR, FsPath.parse("deep/base"), false, null, null),
                        new ByteArrayInputStream(tar.toByteArray()));

        List<EntryView> all = everything(s);
        assertThat(all).hasSize(10_000 + 7 * 2 + 2);
        assertUniqueInodes(all);
    }

    @Test
    void batch_ofDeepWritesCreatingParents_givesEveryEntryItsOwnInode() {
        SessionId s = f.newSession();
        List<BatchOp> ops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String path = "x" + i + "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/file.txt"; // depth 22
            ops.add(new BatchOp.Write(
                    FsPath.parse(path), ("v" + i).getBytes(StandardCharsets.UTF_8), null, true, null));
        }

        f.services.batches().apply(f.alice, s, ops, null);

        List<EntryView> all = everything(s);
        assertThat(all).hasSize(4 * 22);
        assertUniqueInodes(all);
    }
}
