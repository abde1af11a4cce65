package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The directory-level operations that code outside core/tree uses instead of chunks, and the commit format. */
class FileTreeTest {
    private final MapSource source = new MapSource();
    private final FileTree ft = new FileTree(source);

    /** Returns a directory of {@code n} files named f0000 … (enough to span several chunks). */
    private DirEntry dirOf(int n) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put(String.format("f%04d", i), file(100 + i, 0644, "x" + i));
        }
        ChunkRef children = chunkOf(entries, source);
        DirEntry d =
                new DirEntry(attrs(1, 0755), children, children.resolve(source).total());
        source.flush(d);
        return d;
    }

    private static List<String> names(Iterator<Map.Entry<String, Entry>> it, int max) {
        List<String> out = new ArrayList<>();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next().getKey());
        }
        return out;
    }

    @Test
    void entries_inNameOrder_resumeStrictlyAfterTheLastName() {
        DirEntry d = dirOf(3000);

        List<String> first = names(ft.entries(d, null), 2);
        List<String> resumed = names(ft.entries(d, "f1499"), 2);
        List<String> all = names(ft.entries(d, null), Integer.MAX_VALUE);

        assertThat(first).containsExactly("f0000", "f0001");
        assertThat(resumed).containsExactly("f1500", "f1501");
        assertThat(all).hasSize(3000).isSorted();
        assertThat(names(ft.entries(d, "f2999"), 10)).isEmpty();
    }

    @Test
    void child_findsOneNameOfADirectory_andNothingElse() {
        DirEntry d = dirOf(3000);

        assertThat(ft.child(d, "f2042"))
                .hasValueSatisfying(e -> assertThat(e.attrs().inode()).isEqualTo(2142));
        assertThat(ft.child(d, "f3000")).isEmpty();
        assertThat(ft.child(DirEntry.empty(attrs(1, 0755)), "f0000")).isEmpty();
    }

    @Test
    void edit_putsAndRemovesNames_keepingAttrsAndCountingEntries() {
        DirEntry d = dirOf(3000);
        TreeMap<String, Entry> edits = new TreeMap<>(Names.ORDER);
        edits.put("f0001", null);
        edits.put("g", file(9, 0600, "new"));
        edits.put("nothing-here", null);

        DirEntry edited = ft.edit(d, edits);

        assertThat(edited.attrs()).isEqualTo(d.attrs());
        assertThat(edited.stats().entries()).isEqualTo(3000);
        assertThat(ft.child(edited, "f0001")).isEmpty();
        assertThat(ft.child(edited, "g")).isPresent();
        assertThat(names(ft.entries(edited, "f2999"), 10)).containsExactly("g");
    }

    @Test
    void diffEntries_reportsExactlyTheNamesThatDiffer_inNameOrder() {
        DirEntry d = dirOf(3000);
        TreeMap<String, Entry> edits = new TreeMap<>(Names.ORDER);
        edits.put("f0100", null);
        edits.put("f2000", file(1, 0644, "changed"));
        edits.put("h", file(2, 0644, "added"));
        DirEntry edited = ft.edit(d, edits);
        List<String> differing = new ArrayList<>();

        ft.diffEntries(d, edited, (name, a, b) -> differing.add(name + ":" + (a != null) + "/" + (b != null)));

        assertThat(differing).containsExactly("f0100:true/false", "f2000:true/true", "h:false/true");
    }

    @Test
    void empty_isADirectoryWithNoEntries_storedAsTheEmptyChunk() {
        DirEntry d = DirEntry.empty(attrs(7, 0700));

        assertThat(d.attrs().inode()).isEqualTo(7);
        assertThat(d.stats()).isEqualTo(DirStats.EMPTY);
        assertThat(d.children().identity()).isEqualTo(NodeCodec.EMPTY_CHUNK_ID);
        assertThat(ft.entries(d, null).hasNext()).isFalse();
    }

    @Test
    void commitObject_roundTrips_andItsEncodingIsTheStoredFormat() {
        Hash root = Hash.of("root".getBytes(StandardCharsets.UTF_8));
        Hash parent = Hash.of("parent".getBytes(StandardCharsets.UTF_8));
        CommitObject first = new CommitObject(root, null, "alice", 1_700_000_000_000L, "first");
        CommitObject second = new CommitObject(root, parent, "bob", -5, "second\nline");

        assertThat(CommitObject.decode(first.encode())).isEqualTo(first);
        assertThat(CommitObject.decode(second.encode())).isEqualTo(second);
        assertThat(NodeCodec.kindOf(first.encode())).isEqualTo('K');
        assertThat(first.encode()).startsWith('K', 1);
    }
}
