package io.aetherfs.cli.bus;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Formats;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.client.AetherFsException;
import io.aetherfs.client.BusSubscription;
import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.BusScope;
import io.aetherfs.proto.v1.SubscribeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs bus tail}: subscribes to a session's message bus and prints replayed, then live messages until
 * Ctrl-C (or {@code --limit}). A stream the server ends (slow subscriber, session archived or deleted) ends
 * the command with that error and the last sequence printed, to resume with {@code --after}.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {"Print a session's bus messages live until Ctrl-C.", "--output json prints one message per line."
        })
final class TailBusCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = "--topic",
            paramLabel = "PATTERN",
            description = "A topic or prefix* (default every topic); repeatable.")
    List<String> topics = List.of();

    @Option(
            names = "--replay",
            paramLabel = "N",
            description = "First replay the last N retained messages (at most 1000).")
    int replay;

    @Option(
            names = "--after",
            paramLabel = "SEQUENCE",
            description = "First replay every retained message after this sequence.")
    Long after;

    @Option(names = "--tenant", description = "Also live messages of the tenant's other sessions.")
    boolean tenant;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N messages.")
    long limit = Long.MAX_VALUE;

    @Override
    protected ExitCode run(AetherFsClient client) {
        SubscribeRequest.Builder req = SubscribeRequest.newBuilder()
                .setSessionId(sessionId)
                .addAllTopics(topics)
                .setReplayLimit(replay)
                .setScope(tenant ? BusScope.BUS_SCOPE_TENANT : BusScope.BUS_SCOPE_SESSION_ONLY);
        if (after != null) {
            req.setAfterSequence(after);
        }
        long printed = 0;
        long last = after == null ? 0 : after;
        try (BusSubscription messages = client.subscribe(req.build())) {
            while (printed < limit && messages.hasNext()) {
                BusMessage m = messages.next();
                output().line(m, this::print);
                printed++;
                if (m.getSessionId().equals(sessionId)) {
                    last = m.getSequence();
                }
            }
        } catch (AetherFsException e) {
            shell().err().println("the stream ended after sequence " + last + "; resume with --after " + last);
            throw e;
        }
        return ExitCode.OK;
    }

    private void print(BusMessage m) {
        output().out()
                .println(m.getSequence() + "  " + Formats.time(m.getPublishedAt()) + "  " + m.getTopic() + "  "
                        + m.getPublisher() + (tenant ? "  " + m.getSessionId() : "") + "  " + payload(m));
    }

    /** Returns the payload as text when it is UTF-8, else as {@code base64:...}. */
    private static String payload(BusMessage m) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(m.getPayload().toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(m.getPayload().toByteArray());
        }
    }
}
