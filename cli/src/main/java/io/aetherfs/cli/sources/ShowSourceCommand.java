package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GetSourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs sources show}: prints one source. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one source.")
final class ShowSourceCommand extends ApiCommand {
    @Parameters(paramLabel = "SOURCE_ID", description = "The source (src_...).")
    String sourceId;

    @Override
    protected ExitCode run(AetherFsClient client) {
        var source = AetherFsClient.call(() -> client.sources()
                .getSource(GetSourceRequest.newBuilder().setSourceId(sourceId).build()));
        output().one(source, SourceViews.source(source));
        return ExitCode.OK;
    }
}
