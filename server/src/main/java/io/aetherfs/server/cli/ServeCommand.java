package io.aetherfs.server.cli;

import io.aetherfs.server.AfsServer;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.logging.LoggingSetup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code afs-server serve}: runs the server until SIGTERM (or SIGINT), then shuts down gracefully from
 * a JVM shutdown hook (spec §13.3).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Run the server (the default). Embedded mode migrates the metadata store.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @ParentCommand
    AfsServerCommand parent;

    @Override
    public Integer call() {
        return serve(options.orElse(parent.options));
    }

    static int serve(ConfigOptions options) {
        ServerConfig config = options.load();
        LoggingSetup.apply(config.logging());
        AfsServer server = AfsServer.start(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            LoggingSetup.stop();
                        },
                        "afs-shutdown"));
        server.awaitClosed();
        return ExitCodes.OK;
    }
}
