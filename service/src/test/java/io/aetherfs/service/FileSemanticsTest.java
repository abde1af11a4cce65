package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.content.Segment;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.FallocateMode;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.files.SetAttributes;
import io.aetherfs.service.files.WriteFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Filesystem behaviour of spec §8.9 through the services. */
class FileSemanticsTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private static FsPath p(String s) {
        return FsPath.parse(s);
    }

    @Test
    void patchSegments_sparseFile_readsHolesAsZeros_andSeeksDataAndHoles() {
        long big = 3L * Extent.BLOCK_BYTES;
        EntryView v = f.services
                .content()
                .patchSegments(
                        f.alice,
                        id,
                        p("sparse.bin"),
                        List.of(
                                new Segment(big, "tail".getBytes(StandardCharsets.UTF_8)),
                                new Segment(10, new byte[] {1, 2, 3})),
                        null,
                        null,
                        true,
                        null);
        assertThat(v.entry().size()).isEqualTo(big + 4);
        FileRead r = f.services.fileReads().open(f.alice, id, p("sparse.bin"));
        assertThat(r.content().extents()).hasSize(2);
        assertThat(r.store().read(r.content(), 8, 6)).containsExactly(0, 0, 1, 2, 3, 0);
        assertThat(new String(r.store().read(r.content(), big, 4), StandardCharsets.UTF_8))
                .isEqualTo("tail");
        assertThat(f.services.fileReads().seekHoleData(f.alice, id, p("sparse.bin"), 0, true))
                .isEqualTo(10);
        assertThat(f.services.fileReads().seekHoleData(f.alice, id, p("sparse.bin"), 10, false))
                .isEqualTo(13);
        assertThat(f.services.fileReads().seekHoleData(f.alice, id, p("sparse.bin"), 20, true))
                .isEqualTo(big);
        code(
                ErrorCode.OUT_OF_RANGE,
                () -> f.services.fileReads().seekHoleData(f.alice, id, p("sparse.bin"), big + 4, true));
        assertThat(v.hash())
                .isEqualTo(io.aetherfs.core.model.Hash.of(r.store().read(r.content(), 0, (int) (big + 4)))
                        .hex());
    }

    @Test
    void fallocate_punchHole_dropsData_andUnknownSizeChangesExtend() {
        f.write(id, "f", "0123456789");
        f.services.content().fallocate(f.alice, id, p("f"), 2, 3, FallocateMode.PUNCH_HOLE, true, null);
        FileRead r = f.services.fileReads().open(f.alice, id, p("f"));
        assertThat(r.store().read(r.content(), 0, 10)).containsExactly('0', '1', 0, 0, 0, '5', '6', '7', '8', '9');
        f.services.content().fallocate(f.alice, id, p("f"), 0, 100, FallocateMode.ALLOCATE, false, null);
        assertThat(f.services.fileReads().stat(f.alice, id, p("f")).entry().size())
                .isEqualTo(100);
        f.services.content().setAttributes(f.alice, id, new SetAttributes(p("f"), null, null, null, 4L, null), null);
        assertThat(f.read(id, "f")).isEqualTo("01\0\0");
    }

    @Test
    void link_sharesInode_andAWriteThroughEitherPathChangesBoth() {
        f.write(id, "a", "v1");
        EntryView b = f.services.namespace().link(f.alice, id, p("a"), p("b"), null);
        assertThat(b.nlink()).isEqualTo(2);
        assertThat(b.entry().attrs().inode())
                .isEqualTo(f.services
                        .fileReads()
                        .stat(f.alice, id, p("a"))
                        .entry()
                        .attrs()
                        .inode());
        f.write(id, "b", "v2");
        assertThat(f.read(id, "a")).isEqualTo("v2");
        f.services.namespace().unlink(f.alice, id, p("a"), null, null);
        assertThat(f.services.fileReads().stat(f.alice, id, p("b")).nlink()).isEqualTo(1);
        reason(Reason.IS_A_DIRECTORY, () -> {
            f.services.namespace().mkdir(f.alice, id, p("d"), null, false, null);
            f.services.namespace().link(f.alice, id, p("d"), p("d2"), null);
        });
    }

    @Test
    void batch_isAllOrNothing_andNamesTheFailingOperation() {
        f.write(id, "keep", "k");
        String fpBefore = f.services.sessions().get(f.alice, id).fingerprint();
        var e = reason(Reason.PATH_NOT_FOUND, () -> f.services
                .batches()
                .apply(
                        f.alice,
                        id,
                        List.of(
                                new BatchOp.Write(
                                        p("new.txt"), "x".getBytes(StandardCharsets.UTF_8), 0644, false, null),
                                new BatchOp.Delete(p("keep"), null),
                                new BatchOp.Rename(p("missing"), p("other"), false, false, null)),
                        null));
        assertThat(e.getMessage()).startsWith("operation 2 (rename \"missing\")");
        assertThat(f.services.sessions().get(f.alice, id).fingerprint()).isEqualTo(fpBefore);
        assertThat(f.read(id, "keep")).isEqualTo("k");
        var ok = f.services
                .batches()
                .apply(
                        f.alice,
                        id,
                        List.of(
                                new BatchOp.Mkdir(p("d"), null, false),
                                new BatchOp.Write(p("d/x"), "x".getBytes(StandardCharsets.UTF_8), null, false, null),
                                new BatchOp.Symlink(p("l"), "d/x"),
                                new BatchOp.Delete(p("keep"), null)),
                        null);
        assertThat(ok.results()).hasSize(4);
        assertThat(ok.results().get(3)).isNull();
        assertThat(ok.fingerprint())
                .isEqualTo(f.services.sessions().get(f.alice, id).fingerprint());
        assertThat(f.services.fileReads().readSymlink(f.alice, id, p("l"))).isEqualTo("d/x");
        reason(Reason.NOT_A_SYMLINK, () -> f.services.fileReads().readSymlink(f.alice, id, p("d/x")));
    }

    @Test
    void writes_honourPreconditions_andTypeRules() throws Exception {
        EntryView v = f.services
                .content()
                .write(
                        f.alice,
                        id,
                        new WriteFile(p("f"), false, 0600, null, null, true),
                        new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)),
                        null);
        assertThat(v.entry().attrs().mode()).isEqualTo(0600);
        reason(Reason.PATH_EXISTS, () -> f.services
                .content()
                .write(
                        f.alice,
                        id,
                        new WriteFile(p("f"), false, null, null, null, true),
                        new ByteArrayInputStream(new byte[1]),
                        null));
        f.services
                .content()
                .write(
                        f.alice,
                        id,
                        new WriteFile(p("f"), false, null, null, v.hash(), false),
                        new ByteArrayInputStream("two".getBytes(StandardCharsets.UTF_8)),
                        null);
        reason(Reason.STALE_EXPECTED_HASH, () -> f.services
                .content()
                .write(
                        f.alice,
                        id,
                        new WriteFile(p("f"), false, null, null, v.hash(), false),
                        new ByteArrayInputStream("three".getBytes(StandardCharsets.UTF_8)),
                        null));
        assertThat(f.read(id, "f")).isEqualTo("two");
        reason(Reason.PATH_NOT_FOUND, () -> f.services
                .content()
                .write(
                        f.alice,
                        id,
                        new WriteFile(p("no/parent"), false, null, null, null, false),
                        new ByteArrayInputStream(new byte[1]),
                        null));
        reason(Reason.NOT_A_DIRECTORY, () -> f.write(id, "f/child", "x"));
        f.services.namespace().mkdir(f.alice, id, p("dir"), 0700, false, null);
        reason(Reason.IS_A_DIRECTORY, () -> f.write(id, "dir", "x"));
        reason(Reason.IS_A_DIRECTORY, () -> f.services.fileReads().open(f.alice, id, p("dir")));
        reason(Reason.DIRECTORY_NOT_EMPTY, () -> {
            f.write(id, "dir/x", "x");
            f.services.namespace().rmdir(f.alice, id, p("dir"), false, null);
        });
        code(ErrorCode.INVALID_ARGUMENT, () -> f.write(id, "../escape", "x"));
        code(ErrorCode.INVALID_ARGUMENT, () -> f.write(id, "a\0b", "x"));
        code(ErrorCode.INVALID_ARGUMENT, () -> f.write(id, "x".repeat(256), "x"));
    }

    @Test
    void xattrs_flagsAndLimits() {
        f.write(id, "f", "x");
        f.services.content().setXattr(f.alice, id, p("f"), "user.a", new byte[] {1}, 1, null);
        code(
                ErrorCode.ALREADY_EXISTS,
                () -> f.services.content().setXattr(f.alice, id, p("f"), "user.a", new byte[] {2}, 1, null));
        code(
                ErrorCode.NOT_FOUND,
                () -> f.services.content().setXattr(f.alice, id, p("f"), "user.b", new byte[] {2}, 2, null));
        reason(
                Reason.PAYLOAD_TOO_LARGE,
                () -> f.services.content().setXattr(f.alice, id, p("f"), "user.big", new byte[64 * 1024 + 1], 0, null));
        assertThat(f.services.fileReads().listXattrs(f.alice, id, p("f"))).containsExactly("user.a");
        assertThat(f.services.fileReads().getXattr(f.alice, id, p("f"), "user.a"))
                .containsExactly(1);
        f.services.content().removeXattr(f.alice, id, p("f"), "user.a", null);
        code(ErrorCode.NOT_FOUND, () -> f.services.fileReads().getXattr(f.alice, id, p("f"), "user.a"));
    }
}
