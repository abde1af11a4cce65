package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.sources.CreateSource;
import io.aetherfs.service.sources.JobState;
import io.aetherfs.service.sources.Revision;
import io.aetherfs.service.sources.Source;
import io.aetherfs.service.sources.SourceJob;
import io.aetherfs.service.sources.SourceKind;
import io.aetherfs.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIT_REMOTE sources on a real repository built with the git command line (several commits, two
 * branches, symlinks, executable bits, a file over 10 MiB), imported over {@code file://} and over a
 * {@code git daemon} on 127.0.0.1: the manifest matches {@code git ls-tree -r -l} exactly, and a refresh
 * creates a revision only after a new commit.
 */
class GitSourcesTest {
    @TempDir
    Path dir;

    private final Fixture f = new Fixture();
    private Process daemon;

    @AfterEach
    void close() {
        if (daemon != null) {
            daemon.destroy();
        }
        f.close();
    }

    @Test
    void import_overFileUrl_matchesLsTree_andRefreshOnlyCreatesARevisionForANewCommit() throws Exception {
        Path repo = repository();
        Source s = create("file://" + repo, null);
        SourceJob first = await(s, f.services.sourceImports().startImport(f.alice, s.id(), null, null));
        assertThat(first.state()).as(String.valueOf(first.errorMessage())).isEqualTo(JobState.SUCCEEDED);
        Revision r = f.services.sourceImports().revision(f.alice, s.id(), first.revisionId());
        assertThat(r.gitCommit()).isEqualTo(git(repo, "rev-parse", "HEAD").trim());
        assertMatchesLsTree(repo, "HEAD", session(s, r));

        SourceJob same = await(s, f.services.sourceImports().refresh(f.alice, s.id()));
        assertThat(same.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(same.revisionId()).isEqualTo(first.revisionId());
        Files.writeString(repo.resolve("NEWS"), "news\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "news");
        SourceJob changed = await(s, f.services.sourceImports().refresh(f.alice, s.id()));
        assertThat(changed.revisionId()).isNotEqualTo(first.revisionId());
        Revision r2 = f.services.sourceImports().revision(f.alice, s.id(), changed.revisionId());
        assertMatchesLsTree(repo, "HEAD", session(s, r2));

        SourceJob feature = await(s, f.services.sourceImports().startImport(f.alice, s.id(), null, "feature"));
        Revision rf = f.services.sourceImports().revision(f.alice, s.id(), feature.revisionId());
        assertThat(rf.gitCommit()).isEqualTo(git(repo, "rev-parse", "feature").trim());
        assertMatchesLsTree(repo, "feature", session(s, rf));

        SourceJob missing = await(s, f.services.sourceImports().startImport(f.alice, s.id(), null, "no-such-branch"));
        assertThat(missing.errorCode()).isEqualTo("GIT_REF_NOT_FOUND");
    }

    @Test
    void import_overGitDaemon_matchesLsTree() throws Exception {
        Path repo = repository();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        daemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--export-all",
                        "--listen=127.0.0.1",
                        "--port=" + port,
                        "--base-path=" + dir,
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile())
                .start();
        int p = port;
        Await.until(Duration.ofSeconds(20), "git daemon listens", () -> {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", p), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        Source s = create("git://127.0.0.1:" + port + "/repo", null);
        SourceJob job = await(s, f.services.sourceImports().startImport(f.alice, s.id(), null, null));
        assertThat(job.state()).as(String.valueOf(job.errorMessage())).isEqualTo(JobState.SUCCEEDED);
        assertMatchesLsTree(
                repo, "HEAD", session(s, f.services.sourceImports().revision(f.alice, s.id(), job.revisionId())));
        Source gone = create("git://127.0.0.1:" + port + "/nothing-here", null);
        SourceJob failed = await(gone, f.services.sourceImports().startImport(f.alice, gone.id(), null, null));
        assertThat(failed.errorCode()).isEqualTo("GIT_FETCH_FAILED");
    }

    @Test
    void create_fileUrlNeedsClusterAdmin_otherSchemesAreInvalid() {
        Caller admin = new Caller(Fixture.TENANT, "ta", Set.of(Scope.ADMIN), "t", "1");
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services
                .sources()
                .create(
                        admin,
                        new CreateSource(
                                "g",
                                SourceKind.GIT_REMOTE,
                                null,
                                new Source.Origin("file:///srv/repo", null, null, null),
                                null)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> f.services
                .sources()
                .create(
                        admin,
                        new CreateSource(
                                "g",
                                SourceKind.GIT_REMOTE,
                                null,
                                new Source.Origin("ssh://host/repo", null, null, null),
                                null)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> f.services
                .sources()
                .create(
                        admin,
                        new CreateSource(
                                "g",
                                SourceKind.GIT_REMOTE,
                                null,
                                new Source.Origin("/srv/repo", null, null, null),
                                null)));
    }

    private Source create(String url, String ref) {
        return f.services
                .sources()
                .create(
                        f.alice,
                        new CreateSource(
                                "git",
                                SourceKind.GIT_REMOTE,
                                SourceKind.GIT_REMOTE,
                                new Source.Origin(url, ref, null, null),
                                null));
    }

    private SourceJob await(Source s, SourceJob job) {
        Await.until(
                Duration.ofSeconds(60),
                "job ends",
                () -> f.services
                        .sourceImports()
                        .job(f.alice, s.id(), job.id())
                        .state()
                        .finished(),
                () -> f.services
                        .jobRunner()
                        .queue()
                        .find(Fixture.TENANT, "source.job", s.id() + "/" + job.id())
                        .map(q -> q.lastError())
                        .orElse("no queued job"));
        return f.services.sourceImports().job(f.alice, s.id(), job.id());
    }

    private SessionId session(Source s, Revision r) {
        return f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(
                                new SourceRef(s.id().value(), r.id().value()),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .session()
                .id();
    }

    /** Compares every file and symlink of the session with {@code git ls-tree -r -l}: paths, modes, sizes, contents. */
    private void assertMatchesLsTree(Path repo, String rev, SessionId session) throws Exception {
        Map<String, EntryView> mine = f
                .services
                .fileReads()
                .manifest(f.alice, session, new ManifestQuery(FsPath.ROOT, true, false), new PageRequest(1000, ""))
                .entries()
                .stream()
                .filter(v -> !(v.entry() instanceof io.aetherfs.core.tree.DirEntry))
                .collect(Collectors.toMap(v -> v.path().value(), v -> v));
        Map<String, String[]> git = new HashMap<>();
        for (String line : git(repo, "ls-tree", "-r", "-l", rev).split("\n")) {
            String[] meta = line.substring(0, line.indexOf('\t')).trim().split(" +");
            git.put(line.substring(line.indexOf('\t') + 1), meta);
        }
        assertThat(mine.keySet()).isEqualTo(git.keySet());
        for (Map.Entry<String, String[]> e : git.entrySet()) {
            String[] m = e.getValue(); // mode, type, object, size
            EntryView v = mine.get(e.getKey());
            byte[] blob = gitBytes(repo, "cat-file", "blob", m[2]);
            if (m[0].equals("120000")) {
                assertThat(((SymlinkEntry) v.entry()).target()).isEqualTo(new String(blob, StandardCharsets.UTF_8));
            } else {
                FileEntry fe = (FileEntry) v.entry();
                assertThat(fe.attrs().mode()).as(e.getKey()).isEqualTo(m[0].equals("100755") ? 0755 : 0644);
                assertThat(fe.content().size()).as(e.getKey()).isEqualTo(Long.parseLong(m[3]));
                assertThat(v.hash()).as(e.getKey()).isEqualTo(Hash.of(blob).hex());
            }
        }
    }

    /** A repository with several commits on main and a feature branch, symlinks, an executable and an 11 MiB file. */
    private Path repository() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.email", "t@example.com");
        git(repo, "config", "user.name", "t");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        Files.createDirectories(repo.resolve("bin"));
        Files.writeString(repo.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
        repo.resolve("bin/run.sh").toFile().setExecutable(true);
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "first");
        Files.createSymbolicLink(repo.resolve("link"), Path.of("README.md"));
        Files.createSymbolicLink(repo.resolve("escape"), Path.of("../../etc/passwd"));
        Files.createDirectories(repo.resolve("src/deep/er"));
        Files.writeString(repo.resolve("src/deep/er/App.java"), "class App {}\n");
        byte[] big = new byte[11 << 20];
        new Random(7).nextBytes(big);
        Files.write(repo.resolve("big.bin"), big);
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "second");
        git(repo, "checkout", "-q", "-b", "feature");
        Files.writeString(repo.resolve("feature.txt"), "only on feature\n");
        git(repo, "rm", "-q", "README.md");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "feature work");
        git(repo, "checkout", "-q", "main");
        return repo;
    }

    private static String git(Path repo, String... args) throws Exception {
        return new String(gitBytes(repo, args), StandardCharsets.UTF_8);
    }

    private static byte[] gitBytes(Path repo, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed");
        }
        return out;
    }
}
