package io.aetherfs.cli.history;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.DiffResponse;
import io.aetherfs.proto.v1.GetDiffRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs diff}: the changes between a reference tree and a session's working tree; every page is
 * fetched and printed as one DiffResponse (its changes concatenated, no page token).
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Show what changed in a session's working tree.")
public final class DiffCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = "--against",
            paramLabel = "TREE",
            description = "base, lastCommit (default), checkpoint:<id> or session:<id>.")
    String against = "lastCommit";

    @Option(names = "--path", paramLabel = "PREFIX", description = "Only changes under this path.")
    String pathPrefix = "";

    @Override
    protected ExitCode run(AetherFsClient client) {
        DiffResponse.Builder all = null;
        String token = "";
        do {
            var req = GetDiffRequest.newBuilder()
                    .setSessionId(sessionId)
                    .setAgainst(against)
                    .setPathPrefix(pathPrefix)
                    .setPageSize(1000)
                    .setPageToken(token)
                    .build();
            DiffResponse page = AetherFsClient.call(() -> client.persistence().getDiff(req));
            if (all == null) {
                all = page.toBuilder().clearChanges().clearNextPageToken();
            }
            all.addAllChanges(page.getChangesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        DiffResponse diff = all.build();
        output().one(diff, d -> {
            ChangeViews.table(d.getChangesList()).print(output().out());
            output().out().println(ChangeViews.stats(d.getStats()));
        });
        return ExitCode.OK;
    }
}
