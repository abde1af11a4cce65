package io.aetherfs.cli.files;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs files}: the commands on a session's files. */
@Command(
        name = "files",
        mixinStandardHelpOptions = true,
        description = "List, read, write, remove and move the files of a session.",
        subcommands = {
            ListFilesCommand.class,
            CatFileCommand.class,
            PutFileCommand.class,
            RemoveFileCommand.class,
            MoveFileCommand.class
        })
public final class FilesCommand extends GroupCommand {}
