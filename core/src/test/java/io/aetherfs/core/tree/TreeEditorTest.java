package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POSIX rules and hard-link bookkeeping of {@link TreeEditor}. */
class TreeEditorTest {
    private final MapSource source = new MapSource();
    private final FileTree ft = new FileTree(source);
    private final TreeEditor editor = new TreeEditor(ft);
    private long inode = 100;

    private static Content content(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Content(
                b.length, b.length == 0 ? List.of() : List.of(new Extent(0, b.length, Hash.of(b))), Hash.of(b));
    }

    private DirEntry put(DirEntry root, String path, String text) {
        inode += 10;
        return editor.apply(root, new TreeOp.PutFile(p(path), content(text), null, null, null, 5, true, inode));
    }

    private FileEntry fileAt(DirEntry root, String path) {
        return (FileEntry) ft.require(root, p(path));
    }

    private static Reason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (AfsException e) {
            return e.reason();
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void putFile_createParents_createsDirectoriesWithFreshInodes() {
        DirEntry root = put(emptyRoot(), "a/b/c.txt", "hi");
        DirEntry a = (DirEntry) ft.require(root, p("a"));
        DirEntry b = (DirEntry) ft.require(root, p("a/b"));
        assertThat(a.attrs().mode()).isEqualTo(0755);
        assertThat(List.of(
                        a.attrs().inode(),
                        b.attrs().inode(),
                        fileAt(root, "a/b/c.txt").attrs().inode()))
                .doesNotHaveDuplicates();
        assertThat(root.stats().files()).isEqualTo(1);
        assertThat(root.stats().bytes()).isEqualTo(2);
    }

    @Test
    void putFile_withoutParents_failsWithPathNotFound() {
        assertThat(reasonOf(() -> editor.apply(
                        emptyRoot(), new TreeOp.PutFile(p("x/y"), content("1"), null, null, null, 0, false, 1))))
                .isEqualTo(Reason.PATH_NOT_FOUND);
    }

    @Test
    void putFile_overExistingFile_keepsInodeAndModeButReplacesContent() {
        DirEntry root = put(emptyRoot(), "f", "one");
        root = editor.apply(root, new TreeOp.PutFile(p("f"), content("one"), 0600, null, null, 5, false, 900));
        long ino = fileAt(root, "f").attrs().inode();
        root = put(root, "f", "two!");
        assertThat(fileAt(root, "f").attrs().inode()).isEqualTo(ino);
        assertThat(fileAt(root, "f").attrs().mode()).isEqualTo(0600);
        assertThat(fileAt(root, "f").content()).isEqualTo(content("two!"));
    }

    @Test
    void putFile_underAFile_failsNotADirectory_andOverADirectoryFailsIsADirectory() {
        DirEntry root = put(emptyRoot(), "f", "x");
        DirEntry r = root;
        assertThat(reasonOf(() -> put(r, "f/g", "y"))).isEqualTo(Reason.NOT_A_DIRECTORY);
        DirEntry r2 = put(emptyRoot(), "d/x", "1");
        assertThat(reasonOf(() -> put(r2, "d", "y"))).isEqualTo(Reason.IS_A_DIRECTORY);
    }

    @Test
    void rmdir_nonEmptyWithoutRecursive_fails_recursiveRemovesSubtree() {
        DirEntry root = put(emptyRoot(), "d/e/f", "1");
        DirEntry r = root;
        assertThat(reasonOf(() -> editor.apply(r, new TreeOp.Rmdir(p("d"), false, 9))))
                .isEqualTo(Reason.DIRECTORY_NOT_EMPTY);
        root = editor.apply(root, new TreeOp.Rmdir(p("d"), true, 9));
        assertThat(ft.lookup(root, p("d"))).isEmpty();
        assertThat(root.stats()).isEqualTo(DirStats.EMPTY);
        assertThat(root.attrs().mtimeNanos()).isEqualTo(9);
    }

    @Test
    void rename_directory_movesSubtreeAndUpdatesBothParents() {
        DirEntry root = put(emptyRoot(), "src/a/x.txt", "x");
        root = put(root, "dst/keep", "k");
        root = editor.apply(root, new TreeOp.Rename(p("src/a"), p("dst/a"), false, false, 77));
        assertThat(fileAt(root, "dst/a/x.txt").content()).isEqualTo(content("x"));
        assertThat(ft.lookup(root, p("src/a"))).isEmpty();
        assertThat(ft.require(root, p("src")).attrs().mtimeNanos()).isEqualTo(77);
        assertThat(ft.require(root, p("dst")).attrs().mtimeNanos()).isEqualTo(77);
    }

    @Test
    void rename_intoItself_isInvalid_andOverNonEmptyDirectoryFails() {
        DirEntry root = put(emptyRoot(), "a/b/c", "1");
        root = put(root, "z/full", "2");
        DirEntry r = root;
        assertThatThrownBy(() -> editor.apply(r, new TreeOp.Rename(p("a"), p("a/b/a"), false, false, 1)))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("into itself");
        assertThat(reasonOf(() -> editor.apply(r, new TreeOp.Rename(p("a"), p("z"), true, false, 1))))
                .isEqualTo(Reason.DIRECTORY_NOT_EMPTY);
        assertThat(reasonOf(() -> editor.apply(r, new TreeOp.Rename(p("a"), p("z"), false, false, 1))))
                .isEqualTo(Reason.PATH_EXISTS);
        assertThat(reasonOf(() -> editor.apply(r, new TreeOp.Rename(p("a/b/c"), p("z"), true, false, 1))))
                .isEqualTo(Reason.IS_A_DIRECTORY);
    }

    @Test
    void rename_exchange_swapsTwoPaths() {
        DirEntry root = put(emptyRoot(), "a", "A");
        root = put(root, "d/b", "B");
        root = editor.apply(root, new TreeOp.Rename(p("a"), p("d"), false, true, 3));
        assertThat(fileAt(root, "d").content()).isEqualTo(content("A"));
        assertThat(fileAt(root, "a/b").content()).isEqualTo(content("B"));
    }

    @Test
    void link_writeThroughOnePath_changesAllPaths_andUnlinkKeepsTheOther() {
        DirEntry root = put(emptyRoot(), "a.txt", "v1");
        root = editor.apply(root, new TreeOp.Mkdir(p("sub"), 0755, 0, 0, 1, false, 500));
        root = editor.apply(root, new TreeOp.Link(p("a.txt"), p("sub/b.txt"), 2));
        FileEntry a = fileAt(root, "a.txt");
        FileEntry b = fileAt(root, "sub/b.txt");
        assertThat(a.attrs().inode()).isEqualTo(b.attrs().inode());
        assertThat(a.links().nlink()).isEqualTo(2);
        assertThat(b.links().others()).containsExactly(p("a.txt"));

        root = editor.apply(root, new TreeOp.PutFile(p("sub/b.txt"), content("v2"), null, null, null, 8, false, 0));
        assertThat(fileAt(root, "a.txt").content()).isEqualTo(content("v2"));
        assertThat(fileAt(root, "a.txt").attrs().mtimeNanos()).isEqualTo(8);

        root = editor.apply(root, new TreeOp.Remove(p("a.txt"), 9));
        assertThat(fileAt(root, "sub/b.txt").links()).isEqualTo(Links.NONE);
        assertThat(root.stats().linked()).isZero();
    }

    @Test
    void rename_directoryHoldingALink_rewritesSiblingPathsOnBothSides() {
        DirEntry root = put(emptyRoot(), "d/inner.txt", "x");
        root = editor.apply(root, new TreeOp.Link(p("d/inner.txt"), p("outer.txt"), 2));
        root = editor.apply(root, new TreeOp.Rename(p("d"), p("e"), false, false, 3));
        assertThat(fileAt(root, "outer.txt").links().others()).containsExactly(p("e/inner.txt"));
        assertThat(fileAt(root, "e/inner.txt").links().others()).containsExactly(p("outer.txt"));
        root = editor.apply(root, new TreeOp.Rmdir(p("e"), true, 4));
        assertThat(fileAt(root, "outer.txt").links()).isEqualTo(Links.NONE);
    }

    @Test
    void rename_twoLinksOfOneFile_isANoOp() {
        DirEntry root = put(emptyRoot(), "a", "x");
        root = editor.apply(root, new TreeOp.Link(p("a"), p("b"), 2));
        DirEntry after = editor.apply(root, new TreeOp.Rename(p("a"), p("b"), true, false, 3));
        assertThat(after).isSameAs(root);
    }

    @Test
    void rename_ontoAFileWithTheSameInodeNumberThatIsNoLink_replacesIt() {
        DirEntry root =
                editor.apply(emptyRoot(), new TreeOp.PutFile(p("a"), content("a"), null, null, null, 5, true, 777));
        root = editor.apply(root, new TreeOp.PutFile(p("b"), content("b"), null, null, null, 5, true, 777));
        DirEntry after = editor.apply(root, new TreeOp.Rename(p("a"), p("b"), true, false, 6));
        assertThat(ft.lookup(after, p("a"))).isEmpty();
        assertThat(fileAt(after, "b").content()).isEqualTo(content("a"));
    }

    @Test
    void setXattr_flagsEnforceExistence() {
        DirEntry root = put(emptyRoot(), "f", "x");
        root = editor.apply(root, new TreeOp.SetXattr(p("f"), "user.a", new byte[] {1}, 1));
        DirEntry r = root;
        assertThatThrownBy(() -> editor.apply(r, new TreeOp.SetXattr(p("f"), "user.a", new byte[] {2}, 1)))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> editor.apply(r, new TreeOp.SetXattr(p("f"), "user.b", new byte[] {2}, 2)))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("no extended attribute");
        root = editor.apply(root, new TreeOp.RemoveXattr(p("f"), "user.a"));
        assertThat(fileAt(root, "f").attrs().xattrs().isEmpty()).isTrue();
    }

    @Test
    void mkdir_existing_failsPathExists_andSymlinkStoresTargetVerbatim() {
        DirEntry root = editor.apply(emptyRoot(), new TreeOp.Mkdir(p("d"), 0700, 1, 2, 3, false, 10));
        DirEntry r = root;
        assertThat(reasonOf(() -> editor.apply(r, new TreeOp.Mkdir(p("d"), 0700, 1, 2, 3, false, 11))))
                .isEqualTo(Reason.PATH_EXISTS);
        root = editor.apply(root, new TreeOp.Symlink(p("d/l"), "../../etc/passwd", 0, 0, 4, false, 12));
        assertThat(((SymlinkEntry) ft.require(root, p("d/l"))).target()).isEqualTo("../../etc/passwd");
        assertThat(ft.require(root, p("d")).attrs().mode()).isEqualTo(0700);
        assertThat(FsPath.parse("d/l").parent()).isEqualTo(p("d"));
    }
}
