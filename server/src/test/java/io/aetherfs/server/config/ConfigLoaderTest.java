package io.aetherfs.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.server.config.ServerConfig.AuthMode;
import io.aetherfs.server.config.ServerConfig.LogFormat;
import io.aetherfs.server.config.ServerConfig.LogLevel;
import io.aetherfs.server.config.ServerConfig.StorageBackend;
import io.aetherfs.service.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String KEY_1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY_2 = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Map<ConfigKey<?>, String> flags = new HashMap<>();

    private ServerConfig load() {
        return new ConfigLoader(dir, env).load(null, flags);
    }

    private ServerConfig loadUnchecked() {
        return new ConfigLoader(dir, env).load(null, flags);
    }

    private Path writeConfig(String toml) throws IOException {
        return Files.writeString(dir.resolve("afs-server.toml"), toml);
    }

    @Test
    void load_nothingGiven_usesSpecDefaults() {
        ServerConfig c = load();

        assertThat(c.listenAddr()).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(c.grpcListenAddr()).isEmpty();
        assertThat(c.adminListenAddr()).isEmpty();
        assertThat(c.tls().enabled()).isFalse();
        assertThat(c.storage().backend()).isEqualTo(StorageBackend.EMBEDDED);
        assertThat(c.storage().dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.storage().postgresMaxConnections()).isEqualTo(20);
        assertThat(c.storage().s3Prefix()).isEmpty();
        assertThat(c.storage().blobGcGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(c.auth().mode()).isEqualTo(AuthMode.DEV);
        assertThat(c.auth().maxTokenTtl()).isEqualTo(Duration.ofSeconds(2_592_000));
        assertThat(c.limits().toServiceLimits()).isEqualTo(Limits.DEFAULT);
        assertThat(c.limits().maxCacheValueBytes()).isEqualTo(1 << 20);
        assertThat(c.limits().rateLimitRpsPerPrincipal()).isZero();
        assertThat(c.sessions().idleArchiveAfter()).isZero();
        assertThat(c.policy().requireApprovals()).isFalse();
        assertThat(c.bridge().leaseTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bridge().changefeedMaxReplay()).isEqualTo(10_000);
        assertThat(c.sources().localfsAllowedRoots()).isEmpty();
        assertThat(c.sources().importWorkers()).isEqualTo(2);
        assertThat(c.sources().gitTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.logging()).isEqualTo(new ServerConfig.Logging(LogLevel.INFO, LogFormat.JSON));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void load_emptyConfigFile_usesDefaults() throws IOException {
        writeConfig("# nothing set\n");

        assertThat(load().listenAddr()).isEqualTo(new HostPort("127.0.0.1", 8080));
    }

    @Test
    void load_fileEnvAndFlag_laterSourceWins() throws IOException {
        writeConfig("""
                listen_addr = "127.0.0.1:1001"
                shutdown_grace_secs = 5
                [storage]
                data_dir = "from-file"
                [logging]
                level = "debug"
                format = "text"
                """);
        env.put("AFS_SERVER_LISTEN_ADDR", "127.0.0.1:1002");
        env.put("AFS_SERVER_STORAGE_DATA_DIR", "from-env");
        flags.put(ConfigKeys.LISTEN_ADDR, "127.0.0.1:1003");

        ServerConfig c = load();

        assertThat(c.listenAddr().port()).isEqualTo(1003);
        assertThat(c.storage().dataDir()).isEqualTo(dir.resolve("from-env"));
        assertThat(c.logging()).isEqualTo(new ServerConfig.Logging(LogLevel.DEBUG, LogFormat.TEXT));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void load_configFlag_winsOverEnvironmentAndWorkingDirectory() throws IOException {
        writeConfig("shutdown_grace_secs = 1\n");
        Path fromEnv = Files.writeString(dir.resolve("env.toml"), "shutdown_grace_secs = 2\n");
        Path fromFlag = Files.writeString(dir.resolve("flag.toml"), "shutdown_grace_secs = 3\n");
        env.put(ConfigLoader.CONFIG_FILE_ENV, fromEnv.toString());
        ConfigLoader loader = new ConfigLoader(dir, env);

        assertThat(loader.load(fromFlag, flags).shutdownGrace()).hasSeconds(3);
        assertThat(loader.load(null, flags).shutdownGrace()).hasSeconds(2);
        assertThat(new ConfigLoader(dir, Map.of()).load(null, flags).shutdownGrace())
                .hasSeconds(1);
    }

    @Test
    void load_missingNamedConfigFile_failsNamingIt() {
        assertThatThrownBy(() -> new ConfigLoader(dir, env).load(Path.of("absent.toml"), flags))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.toml")
                .hasMessageContaining("--config");
    }

    @Test
    void load_unknownKeyInFile_failsNamingFileAndKey() throws IOException {
        Path file = writeConfig("[storage]\nbakend = \"embedded\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.bakend")
                .hasMessageContaining(file.toString());
    }

    @Test
    void load_unknownSection_failsNamingKey() throws IOException {
        writeConfig("[storrage]\nbackend = \"embedded\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key storrage in config file");
    }

    @Test
    void load_invalidAddressInFile_failsNamingFileKeyAndValue() throws IOException {
        Path file = writeConfig("listen_addr = \"nope\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listen_addr")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("host:port")
                .hasMessageContaining("\"nope\"");
    }

    @Test
    void load_negativeLimit_fails() throws IOException {
        writeConfig("[limits]\nmax_file_bytes = -1\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_file_bytes")
                .hasMessageContaining(">= 0");
    }

    @Test
    void load_wrongTomlType_failsSayingWhatWasExpected() throws IOException {
        writeConfig("shutdown_grace_secs = \"30\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shutdown_grace_secs")
                .hasMessageContaining("got a string");
    }

    @Test
    void load_invalidToml_failsNamingFile() throws IOException {
        Path file = writeConfig("listen_addr = \n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void load_invalidEnvValue_failsNamingVariable() {
        env.put("AFS_SERVER_LIMITS_MAX_PAGE_SIZE", "lots");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_page_size")
                .hasMessageContaining("environment variable AFS_SERVER_LIMITS_MAX_PAGE_SIZE");
    }

    @Test
    void load_unknownEnvVariable_failsNamingIt() {
        env.put("AFS_SERVER_LISTEN_ADRESS", "127.0.0.1:1");
        env.put("UNRELATED", "x");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AFS_SERVER_LISTEN_ADRESS");
    }

    @Test
    void load_invalidFlag_failsNamingFlag() {
        flags.put(ConfigKeys.LOG_LEVEL, "loud");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.level")
                .hasMessageContaining("flag --log-level")
                .hasMessageContaining("one of debug, error, info, trace, warn");
    }

    @Test
    void load_listEnvVariable_splitsAtCommas() {
        env.put("AFS_SERVER_SOURCES_LOCALFS_ALLOWED_ROOTS", "/srv/a, /srv/b,,");

        assertThat(load().sources().localfsAllowedRoots()).containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
    }

    @Test
    void load_listInFile_readsTomlArray() throws IOException {
        writeConfig("[sources]\nlocalfs_allowed_roots = [\"/srv/a\"]\n");

        assertThat(load().sources().localfsAllowedRoots()).containsExactly(Path.of("/srv/a"));
    }

    @Test
    void load_relativeAllowedRoot_fails() {
        env.put("AFS_SERVER_SOURCES_LOCALFS_ALLOWED_ROOTS", "srv");

        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("absolute");
    }

    @Test
    void load_authModeDefault_followsBackend() {
        assertThat(loadUnchecked().auth().mode()).isEqualTo(AuthMode.DEV);

        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);

        scaleOutStores();
        flags.put(ConfigKeys.STORAGE_BACKEND, "scale-out");
        assertThat(loadUnchecked().auth().mode()).isEqualTo(AuthMode.JWT);

        flags.put(ConfigKeys.AUTH_MODE, "dev");
        assertThat(loadUnchecked().auth().mode()).isEqualTo(AuthMode.DEV);
    }

    @Test
    void load_scaleOutWithoutStores_failsNamingEveryMissingKey() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "afs");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.backend (from environment variable AFS_SERVER_STORAGE_BACKEND)")
                .hasMessageContaining("storage.postgres_url (AFS_SERVER_STORAGE_POSTGRES_URL)")
                .hasMessageContaining("storage.s3_access_key_id")
                .hasMessageContaining("storage.s3_secret_access_key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("storage.s3_bucket"));
    }

    @Test
    void load_scaleOutWithStores_binds() {
        scaleOutStores();
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);

        ServerConfig c = load();

        assertThat(c.storage().backend()).isEqualTo(ServerConfig.StorageBackend.SCALE_OUT);
        assertThat(c.auth().mode()).isEqualTo(AuthMode.JWT);
        assertThat(c.storage().s3Bucket()).contains("afs");
    }

    private void scaleOutStores() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_STORAGE_POSTGRES_URL", "postgresql://afs:pw@127.0.0.1:5432/afs");
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "afs");
        env.put("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", "id");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "secret");
    }

    @Test
    void load_jwtWithKeys_loadsEveryKeyInOrder() throws IOException {
        writeConfig("[auth]\nmode = \"jwt\"\nhmac_keys = [\"" + KEY_1 + "\", \"" + KEY_2 + "\"]\n"
                + "max_token_ttl_secs = 3600\n");

        ServerConfig c = load();

        assertThat(c.auth().mode()).isEqualTo(AuthMode.JWT);
        assertThat(c.auth().hmacKeys()).extracting(HmacKey::kid).containsExactly("k1", "k2");
        assertThat(c.auth().maxTokenTtl()).hasSeconds(3600);
    }

    @Test
    void load_jwtWithoutKeys_failsNamingTheKeyAndTheSourceOfTheMode() {
        flags.put(ConfigKeys.AUTH_MODE, "jwt");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.mode (from flag --auth-mode) is jwt")
                .hasMessageContaining("needs auth.hmac_keys")
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void load_scaleOutWithoutKeys_failsSayingJwtIsItsDefault() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);

        assertThatThrownBy(this::loadUnchecked)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the default for storage.backend = scale-out")
                .hasMessageContaining("auth.hmac_keys");
    }

    @Test
    void load_scaleOutWithoutMasterKey_failsNamingIt() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1);

        assertThatThrownBy(this::loadUnchecked)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.backend (from environment variable AFS_SERVER_STORAGE_BACKEND)")
                .hasMessageContaining("needs secrets.master_key")
                .hasMessageContaining("same on every node");
    }

    @Test
    void load_scaleOutWithDevAuthAndMasterKey_needsNoHmacKeys() {
        scaleOutStores();
        env.put("AFS_SERVER_AUTH_MODE", "dev");
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);

        assertThat(loadUnchecked().auth().mode()).isEqualTo(AuthMode.DEV);
    }

    @Test
    void load_shortHmacKey_failsSayingTheMinimumWithoutShowingIt() {
        String shortKey = "k1:c2hvcnQtc2VjcmV0"; // 12 bytes
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", shortKey);

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.hmac_keys")
                .hasMessageContaining("at least 32 bytes after base64 decoding (it is 12)")
                .hasMessageNotContaining("c2hvcnQtc2VjcmV0");
    }

    @Test
    void load_duplicateKid_fails() {
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1 + "," + KEY_2.replace("k2:", "k1:"));

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("names the kid k1 twice");
    }

    @Test
    void load_badKidOrMissingColon_fails() {
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", "bad kid" + KEY_1.substring(2));
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("a kid is 1-64");

        env.put("AFS_SERVER_AUTH_HMAC_KEYS", KEY_1.substring(3));
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected kid:base64key");
    }

    @Test
    void load_invalidSecret_neverShowsTheValue() throws IOException {
        writeConfig("[secrets]\nmaster_key = \"c2hvcnQtc2VjcmV0\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("secrets.master_key")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQtc2VjcmV0");
    }

    @Test
    void load_secretValues_printRedacted() {
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "very-secret");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        ServerConfig c = load();

        assertThat(c.secrets().masterKey()).isPresent();
        assertThat(c.auth().hmacKeys()).extracting(HmacKey::kid).containsExactly("k1");
        assertThat(c.toString()).doesNotContain("very-secret", "AAECAwQF").contains("[redacted]");
    }

    @Test
    void load_tlsCertWithoutKey_fails() {
        env.put("AFS_SERVER_TLS_CERT_FILE", "cert.pem");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.cert_file")
                .hasMessageContaining("tls.key_file");
    }

    @Test
    void load_defaultPageSizeAboveMax_failsNamingBoth() {
        env.put("AFS_SERVER_LIMITS_DEFAULT_PAGE_SIZE", "500");
        flags.put(ConfigKeys.MAX_PAGE_SIZE, "100");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.default_page_size (from environment variable")
                .hasMessageContaining("limits.max_page_size (from flag");
    }

    @Test
    void load_busLagLimits_reachTheBusSettings_andTooFewBytesForTheLargestMessagesFail() {
        env.put("AFS_SERVER_LIMITS_BUS_MAX_LAG_MESSAGES", "200");
        env.put("AFS_SERVER_LIMITS_BUS_MAX_LAG_BYTES", "4194304");
        var bus = load().limits().toBusSettings();
        assertThat(bus.maxLagMessages()).isEqualTo(200);
        assertThat(bus.maxLagBytes()).isEqualTo(4L << 20);
        assertThat(bus.maxPayloadBytes()).isEqualTo(256 * 1024);

        env.put("AFS_SERVER_LIMITS_BUS_MAX_LAG_BYTES", "1048575");
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.bus_max_lag_bytes (from environment variable")
                .hasMessageContaining("limits.max_bus_payload_bytes (default)");
    }

    @Test
    void load_separateListenerOnMainPort_fails() {
        flags.put(ConfigKeys.ADMIN_LISTEN_ADDR, "127.0.0.1:8080");

        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("admin_listen_addr");
    }

    @Test
    void load_separateListeners_areParsed() {
        flags.put(ConfigKeys.GRPC_LISTEN_ADDR, "127.0.0.1:9001");
        env.put("AFS_SERVER_ADMIN_LISTEN_ADDR", "0.0.0.0:9002");

        ServerConfig c = load();

        assertThat(c.grpcListenAddr()).contains(new HostPort("127.0.0.1", 9001));
        assertThat(c.adminListenAddr()).isEqualTo(Optional.of(new HostPort("0.0.0.0", 9002)));
    }

    @Test
    void envNames_ofEveryKey_areUniqueAndPrefixed() {
        List<String> names = ConfigKeys.all().stream().map(ConfigKey::envName).toList();

        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.startsWith("AFS_SERVER_"));
        assertThat(ConfigKeys.byEnvName("AFS_SERVER_STORAGE_BACKEND")).isSameAs(ConfigKeys.STORAGE_BACKEND);
    }
}
