package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code afs sources ...} against a real server: git over file:// (import, refresh without a new commit,
 * promotion of an edited session), uploaded archives, jobs, revisions, refusals and bad input.
 */
class SourceCommandsIT extends CliFixture {
    @Test
    void gitSource_importSessionPromoteRefresh() throws Exception {
        Path repo = gitRepo("repo", Map.of("README.md", "hello\n", "src/main.go", "package main\n"));

        JsonNode created = json("sources", "create", "--name", "demo", "--git", "file://" + repo);
        String src = created.get("id").asText();
        JsonNode job = json("sources", "import", src);
        JsonNode shown = json("sources", "show", src);
        JsonNode refreshed = json("sources", "refresh", src);
        int afterRefresh = json("sources", "revisions", src).size();
        String session = json("sessions", "create", "--source", src).get("id").asText();
        put(session, "NOTES.md", "edited\n");
        json("commit", session, "-m", "notes");
        JsonNode promoted = json("sources", "promote", src, session, "--description", "with notes");
        CliRun revisions = afs("sources", "revisions", src);
        CliRun jobs = afs("sources", "jobs", src);

        assertThat(created.get("kind").asText()).isEqualTo("UNDERLAY_SOURCE_KIND_GIT_REMOTE");
        assertThat(job.get("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");
        assertThat(shown.get("status").asText()).isEqualTo("UNDERLAY_SOURCE_STATUS_READY");
        assertThat(shown.get("latestRevisionId").asText())
                .isEqualTo(job.get("revisionId").asText());
        assertThat(cat(session, "src/main.go")).isEqualTo("package main\n");
        assertThat(promoted.get("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");
        assertThat(refreshed.get("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");
        assertThat(afterRefresh)
                .as("a refresh without a new commit adds no revision")
                .isEqualTo(1);
        assertThat(json("sources", "revisions", src)).hasSize(2);
        assertThat(revisions.out()).startsWith("ID").contains("IMPORT", "PROMOTION", session);
        assertThat(jobs.out()).contains("IMPORT", "PROMOTION", "REFRESH", "SUCCEEDED");
        String fromPromoted = json(
                        "sessions",
                        "create",
                        "--source",
                        src,
                        "--revision",
                        promoted.get("revisionId").asText())
                .get("id")
                .asText();
        assertThat(cat(fromPromoted, "NOTES.md")).isEqualTo("edited\n");
        assertThat(ids(json("sessions", "list", "--source", src))).contains(session, fromPromoted);
    }

    @Test
    void uploadedSnapshot_uploadImport_startsSessions() throws Exception {
        Path archive = tarGz("snapshot.tar.gz", Map.of("data/a.csv", "1,2\n", "README", "dataset\n"));
        String src = json("sources", "create", "--name", "dataset", "--upload", "--template")
                .get("id")
                .asText();

        JsonNode upload = json("sources", "upload", src, archive.toString());
        JsonNode job = json(
                "sources", "import", src, "--upload", upload.get("uploadId").asText());
        String session = json("sessions", "create", "--source", src).get("id").asText();
        JsonNode templates = json("sources", "list", "--templates");

        assertThat(upload.get("sizeBytes").asLong()).isEqualTo(Files.size(archive));
        assertThat(job.get("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");
        assertThat(cat(session, "data/a.csv")).isEqualTo("1,2\n");
        assertThat(ids(templates)).contains(src);
    }

    @Test
    void uploadImport_unsafeArchive_failsTheJobWithExitOne() throws Exception {
        Path archive = tarGz("evil.tar.gz", Map.of("../escape.txt", "x"));
        String src = json("sources", "create", "--upload").get("id").asText();

        CliRun r = afs("sources", "upload", src, archive.toString(), "--import");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("ARCHIVE_UNSAFE_PATH", "afs sources jobs " + src);
        assertThat(json("sources", "jobs", src, "--state", "failed")).hasSize(1);
    }

    @Test
    void delete_inUse_exitsFour_unlessForced() throws Exception {
        Path archive = tarGz("small.tar.gz", Map.of("a.txt", "a"));
        String src = json("sources", "create", "--upload").get("id").asText();
        json("sources", "upload", src, archive.toString(), "--import");
        newSessionFrom(src);

        CliRun refused = afs("sources", "delete", src);
        CliRun forced = afs("sources", "delete", src, "--force");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.err()).contains("SOURCE_IN_USE");
        assertThat(forced.exit()).as(forced.toString()).isZero();
    }

    @Test
    void badInput_exitsTwoOrThree() {
        assertThat(afs("sources", "create", "--name", "x").exit()).isEqualTo(2);
        assertThat(afs("sources", "create", "--upload", "--git", "file:///x").exit())
                .isEqualTo(2);
        assertThat(afs("sources", "create", "--upload", "--ref", "main").exit()).isEqualTo(2);
        assertThat(afs("sources", "list", "--kind", "svn").exit()).isEqualTo(2);
        assertThat(afs(
                                "sources",
                                "upload",
                                "src_01jzzzzzzzzzzzzzzzzzzzzzzz",
                                dir.resolve("none.tar").toString())
                        .exit())
                .isEqualTo(2);
        assertThat(afs("sources", "show", "src_01jzzzzzzzzzzzzzzzzzzzzzzz").exit())
                .isEqualTo(3);
    }

    private static void newSessionFrom(String src) {
        json("sessions", "create", "--source", src);
    }

    private static Path gitRepo(String name, Map<String, String> files) throws Exception {
        Path repo = dir.resolve(name);
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        for (var e : files.entrySet()) {
            Path f = repo.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        return repo;
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static Path tarGz(String name, Map<String, String> files) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (var e : files.entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
