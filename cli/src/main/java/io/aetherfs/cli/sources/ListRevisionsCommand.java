package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ListRevisionsRequest;
import io.aetherfs.proto.v1.ListRevisionsResponse;
import io.aetherfs.proto.v1.Revision;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs sources revisions}: lists a source's revisions, every page. */
@Command(name = "revisions", mixinStandardHelpOptions = true, description = "List a source's revisions.")
final class ListRevisionsCommand extends ApiCommand {
    @Parameters(paramLabel = "SOURCE_ID", description = "The source.")
    String sourceId;

    @Override
    protected ExitCode run(AetherFsClient client) {
        List<Revision> all = new ArrayList<>();
        String token = "";
        do {
            var req = ListRevisionsRequest.newBuilder()
                    .setSourceId(sourceId)
                    .setPageSize(1000)
                    .setPageToken(token)
                    .build();
            ListRevisionsResponse r = AetherFsClient.call(() -> client.sources().listRevisions(req));
            all.addAll(r.getRevisionsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        output().list(all, SourceViews.revisions(all));
        return ExitCode.OK;
    }
}
