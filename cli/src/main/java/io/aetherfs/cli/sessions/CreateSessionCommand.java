package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.EmptyUnderlay;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.SessionVisibility;
import io.aetherfs.proto.v1.SourceRef;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code afs sessions create}: creates an ACTIVE session, empty or from a source revision. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a session: empty, or from a source's latest (or given) revision.")
final class CreateSessionCommand extends ApiCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free-form description.")
    String description;

    @Option(names = "--source", paramLabel = "SOURCE_ID", description = "Start from this source (src_...).")
    String source;

    @Option(names = "--revision", paramLabel = "REVISION_ID", description = "The source revision; default latest.")
    String revision;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    Map<String, String> tags = Map.of();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label; repeatable.")
    Map<String, String> labels = Map.of();

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Delete the session after this many seconds.")
    Long ttlSeconds;

    @Option(names = "--private", description = "Visible only to the owner and --share principals.")
    boolean privateVisibility;

    @Option(names = "--share", paramLabel = "PRINCIPAL", description = "A principal with access to a private session.")
    java.util.List<String> sharedWith = java.util.List.of();

    @Option(names = "--require-approvals", description = "Commits, promotion and delete need a granted approval.")
    boolean approvals;

    @Override
    protected ExitCode run(AetherFsClient client) {
        if (revision != null && source == null) {
            throw new IllegalArgumentException("--revision needs --source");
        }
        CreateSessionRequest.Builder req = CreateSessionRequest.newBuilder()
                .putAllInitialTags(tags)
                .putAllLabels(labels)
                .addAllSharedWith(sharedWith);
        if (source != null) {
            req.setSourceRef(
                    SourceRef.newBuilder().setSourceId(source).setRevisionId(revision == null ? "" : revision));
        } else {
            req.setEmpty(EmptyUnderlay.getDefaultInstance());
        }
        if (name != null) {
            req.setDisplayName(name);
        }
        if (description != null) {
            req.setDescription(description);
        }
        if (ttlSeconds != null) {
            req.setTtlSeconds(ttlSeconds);
        }
        if (privateVisibility) {
            req.setVisibility(SessionVisibility.SESSION_VISIBILITY_PRIVATE);
        }
        if (approvals) {
            req.setCapabilities(SessionCapabilities.newBuilder().setApprovals(true));
        }
        var session = AetherFsClient.call(() -> client.sessions().createSession(req.build()));
        output().one(session, SessionViews.details(session));
        return ExitCode.OK;
    }
}
