package io.aetherfs.cli.bus;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs bus}: the message bus commands. */
@Command(
        name = "bus",
        mixinStandardHelpOptions = true,
        description = "Follow a session's message bus.",
        subcommands = TailBusCommand.class)
public final class BusCommand extends GroupCommand {}
