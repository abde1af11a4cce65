package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.CreateSourceRequest;
import io.aetherfs.proto.v1.GitBundleOrigin;
import io.aetherfs.proto.v1.GitRemoteOrigin;
import io.aetherfs.proto.v1.LocalfsOrigin;
import io.aetherfs.proto.v1.SourceOrigin;
import io.aetherfs.proto.v1.UnderlaySourceKind;
import io.aetherfs.proto.v1.UploadedSnapshotOrigin;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code afs sources create}: creates a source of one of the four kinds; importing it is a second step. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create a source; then `afs sources import` (git, localfs) or `afs sources upload --import` (snapshot, bundle).",
            "A dataset is an uploaded snapshot; a template is a source labelled template=true (--template)."
        })
final class CreateSourceCommand extends ApiCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
    String name = "";

    @ArgGroup(multiplicity = "1")
    Kind kind;

    @Option(names = "--ref", paramLabel = "REF", description = "With --git: the branch, tag or commit (default HEAD).")
    String ref = "";

    @Option(
            names = "--credentials-secret",
            paramLabel = "NAME",
            description = "With --git: the tenant secret to fetch with.")
    String credentialsSecret = "";

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label; repeatable.")
    Map<String, String> labels = new java.util.LinkedHashMap<>();

    @Option(names = "--template", description = "Label the source template=true.")
    boolean template;

    /** Exactly one origin. */
    static final class Kind {
        @Option(
                names = "--git",
                required = true,
                paramLabel = "URL",
                description = "A git repository (file://, git://, http(s)://).")
        String git;

        @Option(names = "--upload", required = true, description = "An uploaded tar, tar.gz or zip snapshot.")
        boolean upload;

        @Option(
                names = "--localfs",
                required = true,
                paramLabel = "PATH",
                description = "A directory on the server (cluster.admin).")
        String localfs;

        @Option(names = "--bundle", required = true, description = "An uploaded git bundle.")
        boolean bundle;
    }

    @Override
    protected ExitCode run(AetherFsClient client) {
        if (template) {
            labels.put("template", "true");
        }
        CreateSourceRequest.Builder req =
                CreateSourceRequest.newBuilder().setDisplayName(name).putAllLabels(labels);
        if (kind.git != null) {
            req.setKind(UnderlaySourceKind.UNDERLAY_SOURCE_KIND_GIT_REMOTE)
                    .setOrigin(SourceOrigin.newBuilder()
                            .setGitRemote(GitRemoteOrigin.newBuilder()
                                    .setUrl(kind.git)
                                    .setRef(ref)
                                    .setCredentialsSecretName(credentialsSecret)));
        } else if (kind.localfs != null) {
            req.setKind(UnderlaySourceKind.UNDERLAY_SOURCE_KIND_LOCALFS)
                    .setOrigin(SourceOrigin.newBuilder()
                            .setLocalfs(LocalfsOrigin.newBuilder().setHostPath(kind.localfs)));
        } else if (kind.bundle) {
            req.setKind(UnderlaySourceKind.UNDERLAY_SOURCE_KIND_GIT_BUNDLE)
                    .setOrigin(SourceOrigin.newBuilder().setGitBundle(GitBundleOrigin.getDefaultInstance()));
        } else {
            req.setKind(UnderlaySourceKind.UNDERLAY_SOURCE_KIND_UPLOADED_SNAPSHOT)
                    .setOrigin(
                            SourceOrigin.newBuilder().setUploadedSnapshot(UploadedSnapshotOrigin.getDefaultInstance()));
        }
        if (kind.git == null && (!ref.isEmpty() || !credentialsSecret.isEmpty())) {
            throw new IllegalArgumentException("--ref and --credentials-secret go with --git");
        }
        var source = AetherFsClient.call(() -> client.sources().createSource(req.build()));
        output().one(source, SourceViews.source(source));
        return ExitCode.OK;
    }
}
