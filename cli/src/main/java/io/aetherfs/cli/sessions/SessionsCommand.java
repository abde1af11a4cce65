package io.aetherfs.cli.sessions;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs sessions}: the session commands. */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Create, list, show, fork, archive, hydrate and delete sessions.",
        subcommands = {
            CreateSessionCommand.class,
            ListSessionsCommand.class,
            ShowSessionCommand.class,
            ForkSessionCommand.class,
            ArchiveSessionCommand.class,
            HydrateSessionCommand.class,
            DeleteSessionCommand.class
        })
public final class SessionsCommand extends GroupCommand {}
