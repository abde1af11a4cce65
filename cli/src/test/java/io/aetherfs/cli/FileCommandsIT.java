package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code afs files ...} against a real server. */
class FileCommandsIT extends CliFixture {
    @Test
    void putFromStdinAndFile_thenCat_returnsTheSameBytes() throws Exception {
        String s = newSession("files");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        Path local = Files.write(dir.resolve("big.bin"), big);

        CliRun fromStdin = afsWithInput("hello\n".getBytes(), "files", "put", s, "docs/hello.txt", "--output", "json");
        CliRun fromFile = afs("files", "put", s, "data/big.bin", local.toString());

        assertThat(fromStdin.exit()).as(fromStdin.toString()).isZero();
        assertThat(fromStdin.json().get("path").asText()).isEqualTo("docs/hello.txt");
        assertThat(fromStdin.json().get("size").asLong()).isEqualTo(6);
        assertThat(fromFile.exit()).as(fromFile.toString()).isZero();
        assertThat(cat(s, "docs/hello.txt")).isEqualTo("hello\n");
        assertThat(afs("files", "cat", s, "data/big.bin").stdout()).isEqualTo(big);
    }

    @Test
    void put_missingLocalFile_exitsTwo_andNoParents_exitsThree() {
        String s = newSession("put-errors");

        CliRun missing = afs("files", "put", s, "a.txt", dir.resolve("nope").toString());
        CliRun noParent = afsWithInput("x".getBytes(), "files", "put", s, "no/such/dir/a.txt", "--no-parents");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        assertThat(noParent.exit()).as(noParent.toString()).isIn(3, 4);
    }

    @Test
    void ls_listsChildren_orTheSubtreeWithR() {
        String s = newSession("ls");
        put(s, "top.txt", "t");
        put(s, "src/main.go", "package main\n");

        JsonNode children = json("files", "ls", s);
        JsonNode subtree = json("files", "ls", s, "-R");
        JsonNode under = json("files", "ls", s, "src");
        CliRun table = afs("files", "ls", s);

        assertThat(paths(children)).containsExactly("src", "top.txt");
        assertThat(paths(subtree)).containsExactly("src", "src/main.go", "top.txt");
        assertThat(paths(under)).containsExactly("src/main.go");
        assertThat(table.out()).startsWith("TYPE").contains("directory", "file", "top.txt");
    }

    @Test
    void mv_renames_andRefusesToReplaceWithoutForce() {
        String s = newSession("mv");
        put(s, "a.txt", "A");
        put(s, "b.txt", "B");

        CliRun moved = afs("files", "mv", s, "a.txt", "c.txt");
        CliRun clash = afs("files", "mv", s, "c.txt", "b.txt");
        CliRun forced = afs("files", "mv", s, "c.txt", "b.txt", "--force");

        assertThat(moved.exit()).as(moved.toString()).isZero();
        assertThat(clash.exit()).as(clash.toString()).isEqualTo(4);
        assertThat(forced.exit()).isZero();
        assertThat(cat(s, "b.txt")).isEqualTo("A");
    }

    @Test
    void rm_deletesFilesAndDirectories() {
        String s = newSession("rm");
        put(s, "keep.txt", "k");
        put(s, "dir/x.txt", "x");
        put(s, "gone.txt", "g");

        CliRun file = afs("files", "rm", s, "gone.txt");
        CliRun dirWithoutR = afs("files", "rm", s, "dir");
        CliRun dirNotEmpty = afs("files", "rm", s, "dir", "-d");
        CliRun dirR = afs("files", "rm", s, "dir", "-r");

        assertThat(file.exit()).isZero();
        assertThat(dirWithoutR.exit()).as(dirWithoutR.toString()).isNotZero();
        assertThat(dirNotEmpty.exit()).as(dirNotEmpty.toString()).isEqualTo(4);
        assertThat(dirR.exit()).as(dirR.toString()).isZero();
        assertThat(paths(json("files", "ls", s, "-R"))).containsExactly("keep.txt");
    }

    @Test
    void cat_missingFile_exitsThree() {
        String s = newSession("cat");

        CliRun r = afs("files", "cat", s, "absent.txt");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("afs files cat: ");
    }

    @Test
    void put_archivedSession_exitsFour() {
        String s = newSession("frozen");
        json("sessions", "archive", s, "--wait");

        CliRun r = afsWithInput("x".getBytes(), "files", "put", s, "a.txt");

        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("SESSION_NOT_ACTIVE");
    }

    private static List<String> paths(JsonNode entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(e -> paths.add(e.get("path").asText()));
        return paths;
    }
}
