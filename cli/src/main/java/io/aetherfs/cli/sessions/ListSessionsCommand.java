package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.ListSessionsResponse;
import io.aetherfs.proto.v1.SessionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code afs sessions list}: lists the visible sessions, newest first, every page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, newest first.")
final class ListSessionsCommand extends ApiCommand {
    @Option(
            names = "--status",
            paramLabel = "STATUS",
            description = "Only this status (ACTIVE, ARCHIVED, ...); repeatable.")
    List<String> statuses = List.of();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only sessions with this tag; repeatable.")
    Map<String, String> tags = Map.of();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only sessions with this label; repeatable.")
    Map<String, String> labels = Map.of();

    @Option(names = "--source", paramLabel = "SOURCE_ID", description = "Only sessions started from this source.")
    String source = "";

    @Option(names = "--parent", paramLabel = "SESSION_ID", description = "Only forks of this session.")
    String parent = "";

    @Option(names = "--owner", paramLabel = "PRINCIPAL", description = "Only sessions owned by this principal.")
    String owner = "";

    @Option(names = "--limit", paramLabel = "N", description = "At most N sessions (default: all).")
    int limit = Integer.MAX_VALUE;

    @Override
    protected ExitCode run(AetherFsClient client) {
        ListSessionsRequest.Builder req = ListSessionsRequest.newBuilder()
                .setSourceId(source)
                .setParentSessionId(parent)
                .setOwner(owner)
                .setPageSize(Math.min(limit, 1000));
        statuses.forEach(s -> req.addStatus(SessionViews.parseStatus(s)));
        tags.forEach((k, v) -> req.addTag(k + ":" + v));
        labels.forEach((k, v) -> req.addLabel(k + ":" + v));
        List<SessionSummary> all = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            ListSessionsResponse r = AetherFsClient.call(
                    () -> client.sessions().listSessions(req.setPageToken(page).build()));
            all.addAll(r.getSessionsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty() && all.size() < limit);
        List<SessionSummary> shown = all.subList(0, Math.min(limit, all.size()));
        output().list(shown, SessionViews.table(shown));
        return ExitCode.OK;
    }
}
