package io.aetherfs.cli.history;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.Details;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Formats;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.Commit;
import io.aetherfs.proto.v1.CommitRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs commit}: records an immutable commit of a session's working tree. */
@Command(name = "commit", mixinStandardHelpOptions = true, description = "Commit a session's working tree.")
public final class CommitCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = {"-m", "--message"},
            required = true,
            paramLabel = "TEXT",
            description = "The commit message.")
    String message;

    @Option(names = "--allow-empty", description = "Commit even when nothing changed since the last commit.")
    boolean allowEmpty;

    @Option(
            names = "--expected-fingerprint",
            paramLabel = "FINGERPRINT",
            description = "Fail (exit 4) unless the session's tree still has this fingerprint.")
    String expectedFingerprint = "";

    @Override
    protected ExitCode run(AetherFsClient client) {
        Commit commit = AetherFsClient.call(() -> client.persistence()
                .commit(CommitRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setMessage(message)
                        .setAllowEmpty(allowEmpty)
                        .setExpectedFingerprint(expectedFingerprint)
                        .build()));
        output().one(
                        commit,
                        new Details()
                                .add("id", commit.getCommitId())
                                .add("session", commit.getSessionId())
                                .add("parent", commit.getParentCommitId())
                                .add("fingerprint", commit.getFingerprint())
                                .add("message", commit.getMessage())
                                .add("author", commit.getAuthor())
                                .add("changes", ChangeViews.stats(commit.getStats()))
                                .add("approval", commit.getApprovalId())
                                .add("created", Formats.time(commit.getCreatedAt())));
        return ExitCode.OK;
    }
}
