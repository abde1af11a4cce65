package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** {@code afs export} against a real server: the archive holds exactly the tree asked for. */
class ExportCommandIT extends CliFixture {
    @Test
    void export_tarGzFile_holdsTheWorkingTree() throws IOException {
        String s = newSession("export");
        put(s, "README.md", "hello");
        put(s, "src/main.go", "package main\n");
        Path file = dir.resolve("tree.tar.gz");

        CliRun r = afs("export", s, file.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("exported " + s);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(tarFiles(in))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("README.md", "hello", "src/main.go", "package main\n"));
        }
        assertThat(dir.resolve("tree.tar.gz.part")).doesNotExist();
    }

    @Test
    void export_atCommit_toStdoutAsTar_holdsTheCommittedTree() throws IOException {
        String s = newSession("export-commit");
        put(s, "a.txt", "committed");
        String commit = json("commit", s, "-m", "c").get("commitId").asText();
        put(s, "a.txt", "later");

        CliRun r = afs("export", s, "-", "--format", "tar", "--at", "commit:" + commit);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(tarFiles(new ByteArrayInputStream(r.stdout())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a.txt", "committed"));
    }

    @Test
    void export_zipWithPathPrefix_holdsOnlyThatSubtree() throws IOException {
        String s = newSession("export-zip");
        put(s, "docs/a.md", "A");
        put(s, "src/b.go", "B");
        Path file = dir.resolve("docs.zip");

        CliRun r = afs("export", s, file.toString(), "--path", "docs");

        assertThat(r.exit()).as(r.toString()).isZero();
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(files).containsExactlyInAnyOrderEntriesOf(Map.of("docs/a.md", "A"));
    }

    @Test
    void export_unknownFormat_exitsTwo_andUnknownSessionExitsThreeLeavingNoFile() {
        String s = newSession("export-errors");
        Path file = dir.resolve("gone.tar");

        CliRun format = afs("export", s, dir.resolve("tree.rar").toString());
        CliRun missing = afs("export", "sess_01jzzzzzzzzzzzzzzzzzzzzzzz", file.toString());

        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(3);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("gone.tar.part")).doesNotExist();
    }

    private static Map<String, String> tarFiles(InputStream in) throws IOException {
        Map<String, String> files = new TreeMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            if (e.isFile()) {
                files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
