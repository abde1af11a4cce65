package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random op scripts: log replay is exact and hard-link and statistics invariants always hold. */
class TreeEditorPropertiesTest {
    private static final String[] NAMES = {"a", "b", "c", "d"};

    @Test
    void apply_randomScripts_replayFromJsonIsExact_andInvariantsHold() {
        qt().withFixedSeed(1234L)
                .withExamples(150)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 120))
                .checkAssert(seeds -> {
                    MapSource source = new MapSource();
                    FileTree ft = new FileTree(source);
                    TreeEditor editor = new TreeEditor(ft);
                    DirEntry live = emptyRoot();
                    DirEntry replayed = emptyRoot();
                    long inode = 10;
                    for (int s : seeds) {
                        TreeOp op = randomOp(new Random(s), inode);
                        inode += 10;
                        DirEntry next;
                        try {
                            next = editor.apply(live, op);
                        } catch (AfsException e) {
                            continue; // a failed op changes nothing and is never logged
                        }
                        TreeOp decoded = Json.read(Json.write(op), TreeOp.class);
                        replayed = editor.apply(replayed, decoded);
                        live = next;
                        checkInvariants(ft, live);
                        if (Math.floorMod(s, 13) == 0) {
                            source.flush(live);
                        }
                    }
                    assertThat(replayed.children().identity())
                            .isEqualTo(live.children().identity());
                    assertThat(NodeCodec.encodeRoot(replayed)).isEqualTo(NodeCodec.encodeRoot(live));
                });
    }

    private static FsPath randomPath(Random r) {
        int depth = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(NAMES[r.nextInt(NAMES.length)]);
        }
        return FsPath.parse(sb.toString());
    }

    private static TreeOp randomOp(Random r, long inode) {
        FsPath p = randomPath(r);
        FsPath q = randomPath(r);
        long t = r.nextInt(1000);
        return switch (r.nextInt(10)) {
            case 0, 1, 2 ->
                new TreeOp.PutFile(p, content("v" + r.nextInt(5)), null, null, null, t, r.nextBoolean(), inode);
            case 3 -> new TreeOp.Remove(p, t);
            case 4 -> new TreeOp.Mkdir(p, 0755, 0, 0, t, r.nextBoolean(), inode);
            case 5 -> new TreeOp.Rmdir(p, r.nextBoolean(), t);
            case 6 -> new TreeOp.Rename(p, q, r.nextBoolean(), r.nextInt(4) == 0, t);
            case 7 -> new TreeOp.Link(p, q, t);
            case 8 -> new TreeOp.SetXattr(p, "user.k", new byte[] {(byte) r.nextInt(3)}, 0);
            default -> new TreeOp.Symlink(p, "t" + r.nextInt(3), 0, 0, t, r.nextBoolean(), inode);
        };
    }

    private static Content content(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Content(b.length, List.of(new Extent(0, b.length, Hash.of(b))), Hash.of(b));
    }

    /** Links are symmetric and share inode, content and attrs; stats match a full walk. */
    private static void checkInvariants(FileTree ft, DirEntry root) {
        List<Map.Entry<FsPath, Entry>> all = new ArrayList<>();
        DirStats walked = walk(ft, root, FsPath.ROOT, all);
        assertThat(root.stats()).isEqualTo(walked);
        for (Map.Entry<FsPath, Entry> e : all) {
            Entry entry = e.getValue();
            for (FsPath sibling : entry.links().others()) {
                Entry s = ft.require(root, sibling);
                assertThat(s.attrs()).isEqualTo(entry.attrs());
                assertThat(s.links().others()).contains(e.getKey());
                assertThat(s.links().nlink()).isEqualTo(entry.links().nlink());
                if (entry instanceof FileEntry f) {
                    assertThat(((FileEntry) s).content()).isEqualTo(f.content());
                }
            }
        }
    }

    private static DirStats walk(FileTree ft, DirEntry dir, FsPath path, List<Map.Entry<FsPath, Entry>> out) {
        DirStats total = DirStats.EMPTY;
        Iterator<Map.Entry<String, Entry>> it = ChunkTree.iterator(dir.children(), null, ft.source());
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            FsPath child = path.child(e.getKey());
            out.add(Map.entry(child, e.getValue()));
            if (e.getValue() instanceof DirEntry d) {
                assertThat(d.stats()).isEqualTo(walk(ft, d, child, out));
            }
            total = total.plus(DirStats.of(e.getValue()));
        }
        return total;
    }
}
