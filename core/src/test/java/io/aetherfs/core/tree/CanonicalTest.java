package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reproduces the fingerprint test vectors of spec §6.1. */
class CanonicalTest {
    private final MapSource source = new MapSource();
    private final FileTree tree = new FileTree(source);
    private final Canonical canonical = new Canonical(
            source,
            c -> {
                throw new AssertionError("all hashes are known");
            },
            Canonical.Memo.NONE);

    @Test
    void of_emptyRoot_matchesSpecVector() {
        assertThat(canonical.of(emptyRoot()).hex())
                .isEqualTo("f75e78fd1810b64feddf92973caa41be42718afcd06883b6bcdf2ef37deb8520");
        assertThat(canonical.fingerprint(emptyRoot())).isEqualTo("f75e78fd1810b64feddf92973caa41be42718afc");
    }

    @Test
    void of_readmeBinLinkTree_matchesSpecVectorAndIntermediates() {
        DirEntry root = emptyRoot();
        root = tree.put(root, p("README.md"), file(2, 0644, "hello\n"), null, 0);
        root = tree.put(root, p("bin"), dir(3, 0755), null, 0);
        root = tree.put(root, p("bin/run.sh"), file(4, 0755, "#!/bin/sh\necho hi\n"), null, 0);
        root = tree.put(root, p("link"), symlink(5, "README.md"), null, 0);

        assertThat(canonical.of(tree.require(root, p("README.md"))).hex())
                .isEqualTo("e6bd97a0d3138eccd66250016115e58377d5da77002289844cfbccba19fca8f1");
        assertThat(canonical.of(tree.require(root, p("bin/run.sh"))).hex())
                .isEqualTo("6d333f02b2587cc640eb58bb7beadae5f7ab2c17211beca682253e13534644bd");
        assertThat(canonical.of(tree.require(root, p("link"))).hex())
                .isEqualTo("48f2e3cb5b8bbbbfe701b0cd40844d6266e8b5ebc8ce6b896997450752749dfe");
        assertThat(canonical.of(tree.require(root, p("bin"))).hex())
                .isEqualTo("0b90912132e7a84114512b14b653c54e2c7d4b2c0e477690ef99d9d82925d44a");
        assertThat(canonical.of(root).hex())
                .isEqualTo("332f2ce7e7d5948eafff2e5139a4c2d40951a368ca22a2b5408d69818c48bbdf");
    }

    @Test
    void of_fileWithXattr_matchesSpecVector() {
        FileEntry f = file(2, 0644, "hello\n");
        f = f.withAttrs(f.attrs().withXattrs(Xattrs.of(Map.of("user.k", "v".getBytes(StandardCharsets.UTF_8)))));
        DirEntry root = tree.put(emptyRoot(), p("README.md"), f, null, 0);
        assertThat(canonical.of(root).hex())
                .isEqualTo("5c24f89ab537a2dfd30c75461d72fb29adc9b25f806e51050c92e9150c81af88");
    }

    @Test
    void of_ignoresMtimeOwnerAndInode() {
        DirEntry a = tree.put(emptyRoot(), p("x"), file(2, 0644, "hi"), null, 0);
        FileEntry other = file(99, 0644, "hi");
        other = other.withAttrs(new Attrs(99, 0644, 1000, 1000, 123_456_789L, Xattrs.NONE));
        DirEntry b = tree.put(emptyRoot(), p("x"), other, null, 777);
        assertThat(canonical.of(a)).isEqualTo(canonical.of(b));
    }

    @Test
    void of_storedTree_equalsInMemoryTree() {
        DirEntry root = emptyRoot();
        for (int i = 0; i < 500; i++) {
            root = tree.put(
                    root,
                    p("d" + (i % 7) + "/f" + i),
                    file(10 + i, 0644, "c" + i),
                    path -> dir(5000 + path.depth(), 0755),
                    0);
        }
        String before = canonical.fingerprint(root);
        source.flush(root);
        Canonical fresh = new Canonical(source, c -> null, Canonical.Memo.NONE);
        assertThat(fresh.fingerprint(root)).isEqualTo(before);
    }
}
