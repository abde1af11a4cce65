package io.aetherfs.server.cli;

import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.config.ServerConfig.AuthMode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code afs-server token}: the token commands of spec §13.4; only {@code issue} exists. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Issue bearer tokens for auth.mode = jwt.",
        subcommands = TokenCommand.Issue.class)
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    AfsServerCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * {@code token issue}: prints a JWT signed with the first key of {@code auth.hmac_keys} to stdout (and
     * nothing else there, so it can be captured); a summary goes to stderr.
     */
    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            versionProvider = AfsServerCommand.VersionProvider.class,
            description = "Print a JWT signed with the first key of auth.hmac_keys.")
    static final class Issue implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @ParentCommand
        TokenCommand token;

        @Spec
        CommandSpec spec;

        @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "The tenant it acts in.")
        String tenant;

        @Option(names = "--principal", required = true, paramLabel = "NAME", description = "The principal (sub).")
        String principal;

        @Option(
                names = "--scopes",
                required = true,
                paramLabel = "CSV",
                description = "Comma-separated scope names, e.g. tenant.session.read,tenant.filesystem.read.")
        String scopes;

        @Option(
                names = "--ttl",
                defaultValue = "24h",
                paramLabel = "DURATION",
                description = "Lifetime: 90s, 15m, 24h (default), 30d; at most auth.max_token_ttl_secs.")
        String ttl;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ServerConfig config = options.orElse(token.parent.options).load();
            List<HmacKey> keys = config.auth().hmacKeys();
            if (keys.isEmpty()) {
                err.println("afs-server token issue: auth.hmac_keys is empty; configure signing keys as"
                        + " kid:base64key entries (e.g. AFS_SERVER_AUTH_HMAC_KEYS=k1:$(head -c 32 /dev/urandom"
                        + " | base64)), the same on every server");
                return ExitCodes.USAGE;
            }
            TokenClaims claims;
            try {
                claims = TokenInputs.claims(
                        tenant, principal, scopes, ttl, config.auth().maxTokenTtl(), Instant.now());
            } catch (IllegalArgumentException e) {
                err.println("afs-server token issue: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            JwtSigner signer = new JwtSigner(keys.getFirst());
            spec.commandLine().getOut().println(signer.sign(claims));
            err.println("token for " + claims.principal() + " in tenant " + claims.tenant() + ", signed with kid "
                    + signer.kid() + ", expires " + claims.expiresAt());
            if (config.auth().mode() != AuthMode.JWT) {
                err.println("note: auth.mode is " + config.auth().mode().configName()
                        + " here, so a server with this configuration does not accept the token");
            }
            return ExitCodes.OK;
        }
    }
}
