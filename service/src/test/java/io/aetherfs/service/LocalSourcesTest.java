package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.jobs.JobRunnerSettings;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.sources.CreateSource;
import io.aetherfs.service.sources.JobState;
import io.aetherfs.service.sources.Source;
import io.aetherfs.service.sources.SourceJob;
import io.aetherfs.service.sources.SourceKind;
import io.aetherfs.service.sources.SourceSettings;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOCALFS sources: a host directory under the allowed roots, copied without following symlinks. */
class LocalSourcesTest {
    private static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");

    @TempDir
    Path root;

    private final Caller admin = new Caller(TENANT, "root", Scope.all(), "t", "1");
    private final InProcessNotifier notifier = new InProcessNotifier();
    private Engine engine;
    private Services services;

    @AfterEach
    void close() {
        services.close();
        engine.close();
        notifier.close();
    }

    @Test
    void import_hostDirectory_keepsModesEmptyDirsAndSymlinksVerbatim_refreshOnlyCreatesARevisionOnChange()
            throws Exception {
        start();
        Path tree = Files.createDirectories(root.resolve("tree"));
        Files.writeString(tree.resolve("a.txt"), "alpha");
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(tree.resolve("empty"));
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/b.txt"), "beta");
        Files.createSymbolicLink(tree.resolve("escape"), Path.of("../../../etc/passwd"));
        Files.createSymbolicLink(tree.resolve("outdir"), Path.of("/etc"));

        Source s = services.sources()
                .create(
                        admin,
                        new CreateSource(
                                "host",
                                SourceKind.LOCALFS,
                                SourceKind.LOCALFS,
                                new Source.Origin(null, null, null, tree.toString()),
                                null));
        SourceJob first = await(s, services.sourceImports().startImport(admin, s.id(), null, null));
        assertThat(first.state()).as(String.valueOf(first.errorMessage())).isEqualTo(JobState.SUCCEEDED);
        SessionId sess = services.sessions()
                .create(
                        admin,
                        new CreateSession(
                                new SourceRef(s.id().value(), null),
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
        Map<String, EntryView> m = services
                .fileReads()
                .manifest(admin, sess, new ManifestQuery(FsPath.ROOT, true, false), PageRequest.FIRST)
                .entries()
                .stream()
                .collect(Collectors.toMap(v -> v.path().value(), v -> v));
        assertThat(m).containsOnlyKeys("a.txt", "run.sh", "empty", "sub", "sub/b.txt", "escape", "outdir");
        assertThat(m.get("run.sh").entry().attrs().mode()).isEqualTo(0755);
        assertThat(((SymlinkEntry) m.get("escape").entry()).target()).isEqualTo("../../../etc/passwd");
        assertThat(((SymlinkEntry) m.get("outdir").entry()).target()).isEqualTo("/etc");

        SourceJob same = await(s, services.sourceImports().refresh(admin, s.id()));
        assertThat(same.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(same.revisionId()).isEqualTo(first.revisionId());
        Files.writeString(tree.resolve("a.txt"), "changed", StandardCharsets.UTF_8);
        SourceJob changed = await(s, services.sourceImports().refresh(admin, s.id()));
        assertThat(changed.revisionId()).isNotEqualTo(first.revisionId());
        assertThat(services.sourceImports()
                        .revisions(admin, s.id(), PageRequest.FIRST)
                        .items())
                .hasSize(2);
    }

    @Test
    void create_outsideTheAllowedRoots_isInvalid_andWithoutClusterAdminIsDenied() {
        start();
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> services.sources()
                .create(
                        admin,
                        new CreateSource(
                                "x", SourceKind.LOCALFS, null, new Source.Origin(null, null, null, "/etc"), null)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> services.sources()
                .create(
                        admin,
                        new CreateSource(
                                "x",
                                SourceKind.LOCALFS,
                                null,
                                new Source.Origin(null, null, null, root + "/../elsewhere"),
                                null)));
        Caller tenantAdmin = new Caller(TENANT, "ta", java.util.Set.of(Scope.ADMIN), "t", "1");
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> services.sources()
                .create(
                        tenantAdmin,
                        new CreateSource(
                                "x",
                                SourceKind.LOCALFS,
                                null,
                                new Source.Origin(null, null, null, root.toString()),
                                null)));
    }

    private void start() {
        Clock clock = Clock.systemUTC();
        engine = new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), clock, EngineConfig.DEFAULT);
        services = new Services(
                engine,
                notifier,
                new InMemoryJobQueue(clock),
                JobRunnerSettings.DEFAULT,
                Limits.DEFAULT,
                Policy.DEFAULT,
                Duration.ofSeconds(30),
                BusSettings.DEFAULT,
                io.aetherfs.service.secrets.SecretKeys.random(),
                Duration.ZERO,
                new SourceSettings(List.of(root), 2, Duration.ofSeconds(600), false));
    }

    private SourceJob await(Source s, SourceJob job) {
        Await.until(Duration.ofSeconds(20), "job ends", () -> services.sourceImports()
                .job(admin, s.id(), job.id())
                .state()
                .finished());
        return services.sourceImports().job(admin, s.id(), job.id());
    }
}
