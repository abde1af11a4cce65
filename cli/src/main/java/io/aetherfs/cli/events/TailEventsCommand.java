package io.aetherfs.cli.events;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Formats;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.Event;
import io.aetherfs.proto.v1.EventType;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.ListEventsResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs events tail}: prints a session's events in sequence order, then follows the log live until
 * Ctrl-C (or {@code --limit}). The log has no streaming call, so following polls ListEvents after the
 * last sequence seen; nothing is missed or printed twice because sequences are gapless.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Print a session's events, then follow new ones until Ctrl-C.",
            "--output json prints one event per line."
        })
final class TailEventsCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = "--after",
            paramLabel = "SEQUENCE",
            description = "Start after this sequence (default 0: the whole log).")
    long after;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "Only this event type (FILE_WRITTEN, COMMIT_CREATED, ...); repeatable.")
    List<String> types = List.of();

    @Option(names = "--path", paramLabel = "PATH", description = "Only events on this path, or under PREFIX*.")
    String path = "";

    @Option(names = "--no-follow", description = "Stop at the end of the log instead of following it.")
    boolean noFollow;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    long limit = Long.MAX_VALUE;

    @Option(
            names = "--interval",
            paramLabel = "MILLIS",
            description = "How often to look for new events (default 500).")
    long intervalMillis = 500;

    @Override
    protected ExitCode run(AetherFsClient client) throws InterruptedException {
        ListEventsRequest.Builder req = ListEventsRequest.newBuilder()
                .setSessionId(sessionId)
                .setPath(path)
                .setPageSize(1000);
        types.forEach(t -> req.addTypes(type(t)));
        long last = after;
        long printed = 0;
        while (printed < limit) {
            ListEventsResponse page = fetch(client, req.setAfterSequence(last).build());
            for (Event e : page.getEventsList()) {
                output().line(e, this::print);
                last = e.getSequence();
                if (++printed == limit) {
                    return ExitCode.OK;
                }
            }
            if (page.getNextPageToken().isEmpty()) {
                if (noFollow) {
                    return ExitCode.OK;
                }
                Thread.sleep(intervalMillis);
            }
        }
        return ExitCode.OK;
    }

    private static ListEventsResponse fetch(AetherFsClient client, ListEventsRequest req) {
        return AetherFsClient.call(() -> client.observability().listEvents(req));
    }

    private void print(Event e) {
        output().out()
                .println(e.getSequence() + "  " + Formats.time(e.getOccurredAt()) + "  "
                        + Formats.name(e.getType(), "EVENT_TYPE_") + "  "
                        + e.getActor().getPrincipal()
                        + (e.getPath().isEmpty() ? "" : "  " + e.getPath()));
    }

    private static EventType type(String name) {
        return EnumNames.parse(EventType.class, "EVENT_TYPE_", name);
    }
}
