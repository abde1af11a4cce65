package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ForkSessionRequest;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sessions fork}: creates a child session from another session's current tree. */
@Command(
        name = "fork",
        mixinStandardHelpOptions = true,
        description = "Fork a session: the child starts from the parent's current tree, uncommitted work included.")
final class ForkSessionCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session to fork (the parent).")
    String sessionId;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name of the child.")
    String name = "";

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag merged over the parent's; repeatable.")
    Map<String, String> tags = Map.of();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label merged over the parent's; repeatable.")
    Map<String, String> labels = Map.of();

    @Override
    protected ExitCode run(AetherFsClient client) {
        var child = AetherFsClient.call(() -> client.sessions()
                .forkSession(ForkSessionRequest.newBuilder()
                        .setSourceSessionId(sessionId)
                        .setDisplayName(name)
                        .putAllTags(tags)
                        .putAllLabels(labels)
                        .build()));
        output().one(child, SessionViews.details(child));
        return ExitCode.OK;
    }
}
