package io.aetherfs.cli.checkpoints;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs checkpoints}: the checkpoint commands. */
@Command(
        name = "checkpoints",
        mixinStandardHelpOptions = true,
        description = "Create, list and restore checkpoints of a session.",
        subcommands = {CreateCheckpointCommand.class, ListCheckpointsCommand.class, RestoreCheckpointCommand.class})
public final class CheckpointsCommand extends GroupCommand {}
