package io.aetherfs.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.auth.JwtAuthenticator;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
    private static final String TENANT = "3f0c8a9e-1111-4a5b-9c2d-1234567890ab";
    private static final String KEY_1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY_2 = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @TempDir
    Path dir;

    private Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws IOException {
        config = writeConfig("[auth]\nmode = \"jwt\"\nhmac_keys = [\"" + KEY_1 + "\", \"" + KEY_2 + "\"]\n"
                + "max_token_ttl_secs = 604800\n");
    }

    private Path writeConfig(String toml) throws IOException {
        return Files.writeString(dir.resolve("afs-server.toml"), toml);
    }

    private int issue(String... extra) {
        List<String> args = new ArrayList<>(List.of("token", "issue", "--config", config.toString()));
        args.addAll(List.of(extra));
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private static JwtAuthenticator verifier(String... keys) {
        return new JwtAuthenticator(
                java.util.Arrays.stream(keys).map(TokenCommandTest::hmacKey).toList(),
                Duration.ofDays(7),
                Clock.systemUTC());
    }

    private static HmacKey hmacKey(String entry) {
        String[] kv = entry.split(":", 2);
        return new HmacKey(kv[0], Base64.getDecoder().decode(kv[1]));
    }

    private String token() {
        return out.toString().strip();
    }

    @Test
    void issue_printsOnlyATokenThatTheServerAccepts() {
        Instant before = Instant.now();

        assertThat(issue(
                        "--tenant", TENANT,
                        "--principal", "agent-7",
                        "--scopes", "tenant.session.read, tenant.filesystem.write",
                        "--ttl", "15m"))
                .isZero();

        assertThat(out.toString()).hasLineCount(1);
        Caller caller = verifier(KEY_1).authenticate("Bearer " + token(), null, null);
        assertThat(caller.tenant().value()).isEqualTo(TENANT);
        assertThat(caller.principal()).isEqualTo("agent-7");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.SESSION_READ, Scope.FILESYSTEM_WRITE);
        String payload = new String(Base64.getUrlDecoder().decode(token().split("\\.")[1]), StandardCharsets.UTF_8);
        long iat = Long.parseLong(payload.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        long exp = Long.parseLong(payload.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertThat(exp - iat).isEqualTo(900);
        assertThat(iat).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
        assertThat(err.toString()).contains("signed with kid k1").doesNotContain(token());
    }

    @Test
    void issue_signsWithTheFirstKey() {
        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin"))
                .isZero();

        String header = new String(Base64.getUrlDecoder().decode(token().split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"kid\":\"k1\"");
        assertThat(verifier(KEY_1).authenticate("Bearer " + token(), null, null).scopes())
                .containsExactly(Scope.ADMIN);
        assertThatThrownBy(() -> verifier(KEY_2).authenticate("Bearer " + token(), null, null))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("unknown kid \"k1\"");
    }

    @Test
    void issue_defaultTtl_is24Hours() {
        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.usage.read"))
                .isZero();

        String payload = new String(Base64.getUrlDecoder().decode(token().split("\\.")[1]), StandardCharsets.UTF_8);
        long iat = Long.parseLong(payload.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        long exp = Long.parseLong(payload.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertThat(exp - iat).isEqualTo(86_400);
    }

    @Test
    void issue_ttlAboveTheConfiguredMaximum_exitsTwo() {
        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin", "--ttl", "8d"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--ttl 8d (691200 s) is longer than auth.max_token_ttl_secs = 604800");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void issue_badInputs_exitTwoSayingWhatIsAccepted() {
        assertThat(issue("--tenant", "acme", "--principal", "p", "--scopes", "tenant.admin"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--tenant must be a canonical UUID");

        assertThat(issue("--tenant", TENANT, "--principal", "a b", "--scopes", "tenant.admin"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--principal must be 1-128 printable characters");

        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin,session:write"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown scope 'session:write'").contains("tenant.session.write");

        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", " , "))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--scopes needs at least one scope");

        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "all"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown scope 'all'");

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void issue_badTtlFormats_exitTwo() {
        for (String ttl : List.of("24", "0h", "1w", "-5m", "1.5h", "h", "99999999999s")) {
            assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin", "--ttl", ttl))
                    .as("--ttl %s", ttl)
                    .isEqualTo(2);
        }
        assertThat(err.toString()).contains("--ttl must be a positive whole number followed by s, m, h or d");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void ttl_acceptsSecondsMinutesHoursDays() {
        assertThat(TokenInputs.ttl("90s")).hasSeconds(90);
        assertThat(TokenInputs.ttl("15m")).hasMinutes(15);
        assertThat(TokenInputs.ttl("24h")).hasHours(24);
        assertThat(TokenInputs.ttl("30d")).hasDays(30);
    }

    @Test
    void issue_missingRequiredOption_exitsTwo() {
        assertThat(issue("--tenant", TENANT, "--principal", "p")).isEqualTo(2);
        assertThat(err.toString()).contains("--scopes");
    }

    @Test
    void issue_withoutHmacKeys_exitsTwoExplainingHowToConfigureThem() throws IOException {
        config = writeConfig("[auth]\nmode = \"dev\"\n");

        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("auth.hmac_keys is empty").contains("kid:base64key");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void issue_inDevMode_warnsThatTheServerWouldNotAcceptIt() throws IOException {
        config = writeConfig("[auth]\nmode = \"dev\"\nhmac_keys = [\"" + KEY_1 + "\"]\n");

        assertThat(issue("--tenant", TENANT, "--principal", "p", "--scopes", "tenant.admin"))
                .isZero();
        assertThat(err.toString()).contains("auth.mode is dev");
        assertThat(verifier(KEY_1).authenticate("Bearer " + token(), null, null).principal())
                .isEqualTo("p");
    }

    @Test
    void issue_configFlagBeforeTheSubcommand_applies() {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute(
                        "--config",
                        config.toString(),
                        "token",
                        "issue",
                        "--tenant",
                        TENANT,
                        "--principal",
                        "p",
                        "--scopes",
                        "tenant.admin"))
                .isZero();
        assertThat(verifier(KEY_1).authenticate("Bearer " + token(), null, null).principal())
                .isEqualTo("p");
    }
}
