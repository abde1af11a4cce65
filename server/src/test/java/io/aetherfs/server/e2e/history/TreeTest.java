package io.aetherfs.server.e2e.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model tree's canonical hashes against the spec's test vectors (§6.1), and its edits. */
class TreeTest {
    @Test
    void fingerprint_emptyTree_isTheSpecVector() {
        assertThat(Tree.EMPTY.hash("")).isEqualTo("f75e78fd1810b64feddf92973caa41be42718afcd06883b6bcdf2ef37deb8520");
        assertThat(Tree.EMPTY.fingerprint()).isEqualTo("f75e78fd1810b64feddf92973caa41be42718afc");
    }

    @Test
    void hash_fileOf0644_isTheSpecVectorsReadme() {
        Tree t = Tree.of(Map.of("README.md", Tree.File.of("hello\n".getBytes(StandardCharsets.UTF_8))));

        assertThat(t.hash("README.md")).isEqualTo("e6bd97a0d3138eccd66250016115e58377d5da77002289844cfbccba19fca8f1");
    }

    @Test
    void move_directory_carriesEverythingBelowIt() {
        Tree t = Tree.of(Map.of("d1/x/h.txt", new Tree.File("aa", null), "d2/f.txt", new Tree.File("bb", null)));

        Tree moved = t.move("d1/x", "d2/x");

        assertThat(moved.files()).containsOnlyKeys("d2/x/h.txt", "d2/f.txt");
        assertThat(moved.isDir("d1")).isTrue();
        assertThat(moved.children("d1")).isEmpty();
    }

    @Test
    void with_fileOverDirectory_removesTheDirectorysContents() {
        Tree t = Tree.of(Map.of("d/a", new Tree.File("aa", null)));

        assertThat(t.with("d", new Tree.File("bb", null)).entries()).containsOnlyKeys("d");
    }
}
