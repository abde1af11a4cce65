package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ListSourcesRequest;
import io.aetherfs.proto.v1.ListSourcesResponse;
import io.aetherfs.proto.v1.Source;
import io.aetherfs.proto.v1.UnderlaySourceKind;
import io.aetherfs.proto.v1.UnderlaySourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code afs sources list}: lists the tenant's sources, every page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List sources.")
final class ListSourcesCommand extends ApiCommand {
    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "Only GIT_REMOTE, UPLOADED_SNAPSHOT, LOCALFS or GIT_BUNDLE.")
    String kind;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only CREATING, READY, FAILED or DELETING.")
    String status;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only sources with this label; repeatable.")
    Map<String, String> labels = new java.util.LinkedHashMap<>();

    @Option(names = "--templates", description = "Only templates (label template=true).")
    boolean templates;

    @Override
    protected ExitCode run(AetherFsClient client) {
        ListSourcesRequest.Builder req = ListSourcesRequest.newBuilder().setPageSize(1000);
        if (kind != null) {
            req.setKind(EnumNames.parse(UnderlaySourceKind.class, "UNDERLAY_SOURCE_KIND_", kind));
        }
        if (status != null) {
            req.setStatus(EnumNames.parse(UnderlaySourceStatus.class, "UNDERLAY_SOURCE_STATUS_", status));
        }
        if (templates) {
            labels.put("template", "true");
        }
        labels.forEach((k, v) -> req.addLabel(k + ":" + v));
        List<Source> all = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            ListSourcesResponse r = AetherFsClient.call(
                    () -> client.sources().listSources(req.setPageToken(page).build()));
            all.addAll(r.getSourcesList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        output().list(all, SourceViews.sources(all));
        return ExitCode.OK;
    }
}
