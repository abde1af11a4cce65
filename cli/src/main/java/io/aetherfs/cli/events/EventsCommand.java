package io.aetherfs.cli.events;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs events}: the event log commands. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Read a session's event log.",
        subcommands = TailEventsCommand.class)
public final class EventsCommand extends GroupCommand {}
