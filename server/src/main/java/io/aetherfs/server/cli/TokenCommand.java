package io.aetherfs.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code afs-server token issue}: prints a signed JWT (spec §13.4). JWT auth is a later issue, so for
 * now it explains that and exits 2.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Issue bearer tokens for auth.mode = jwt.",
        subcommands = TokenCommand.Issue.class)
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code token issue}; its options are optional until it works, so the message below always shows. */
    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            versionProvider = AfsServerCommand.VersionProvider.class,
            description = "Print a signed JWT (needs auth.hmac_keys).")
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--tenant", paramLabel = "UUID", description = "The tenant the token acts in.")
        String tenant;

        @Option(names = "--principal", paramLabel = "NAME", description = "The principal (sub claim).")
        String principal;

        @Option(names = "--scopes", paramLabel = "CSV", description = "Comma-separated scope names.")
        String scopes;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h", description = "Lifetime (default 24h).")
        String ttl;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getErr()
                    .println("afs-server token issue: JWT tokens (auth.mode = jwt) are not"
                            + " available in this build yet. With auth.mode = dev no token is issued: send"
                            + " Authorization: Bearer <tenant-uuid>:<principal>.");
            return ExitCodes.USAGE;
        }
    }
}
