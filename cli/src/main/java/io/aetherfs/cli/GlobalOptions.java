package io.aetherfs.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every {@code afs} command accepts, before or after the subcommand: where the server is,
 * which token to send, and how to print results. Unset options fall back to the environment.
 */
public final class GlobalOptions {
    /** The endpoint when neither {@code --endpoint} nor {@code AFS_ENDPOINT} names one. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";

    /** How results are printed. */
    public enum OutputFormat {
        /** Aligned columns (lists) or {@code key: value} lines (one resource), for people. */
        TABLE,
        /** The proto JSON of the resource: one object, or an array for lists. */
        JSON
    }

    @Option(
            names = "--endpoint",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description =
                    "Server URL (HTTP and gRPC share one port); default $AFS_ENDPOINT, else " + DEFAULT_ENDPOINT + ".")
    String endpoint;

    @Option(
            names = "--auth-token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Read the bearer token from FILE (first line); default $AFS_AUTH_TOKEN.")
    Path authTokenFile;

    @Option(
            names = "--output",
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "table (default) or json (the proto JSON of the resource; an array for lists).")
    OutputFormat output;

    /** Returns the output format. */
    public OutputFormat output() {
        return output == null ? OutputFormat.TABLE : output;
    }

    /** Returns the server endpoint from {@code --endpoint}, {@code AFS_ENDPOINT} or the default. */
    URI endpoint(Shell shell) {
        String value = endpoint != null ? endpoint : shell.getenv("AFS_ENDPOINT");
        String url = value == null ? DEFAULT_ENDPOINT : value.strip();
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("endpoint \"" + url + "\" is not a URL like " + DEFAULT_ENDPOINT
                    + "; fix --endpoint or AFS_ENDPOINT");
        }
    }

    /** Returns the bearer token from {@code --auth-token-file} or {@code AFS_AUTH_TOKEN}. */
    String token(Shell shell) {
        if (authTokenFile != null) {
            try {
                String first = Files.readString(authTokenFile, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
                if (first.isEmpty()) {
                    throw CliException.usage(
                            "token file " + authTokenFile + " is empty; put the token on its first line");
                }
                return first;
            } catch (NoSuchFileException e) {
                throw CliException.usage("token file " + authTokenFile + " does not exist; fix --auth-token-file");
            } catch (IOException e) {
                throw CliException.usage("cannot read token file " + authTokenFile + ": " + e.getMessage());
            }
        }
        String token = shell.getenv("AFS_AUTH_TOKEN");
        if (token == null) {
            throw new CliException(
                    ExitCode.AUTH,
                    "no token: set AFS_AUTH_TOKEN or pass --auth-token-file FILE (with a server in dev auth mode a"
                            + " token is <tenant-uuid>:<principal>; otherwise use `afs-server token issue`)");
        }
        return token.strip();
    }
}
