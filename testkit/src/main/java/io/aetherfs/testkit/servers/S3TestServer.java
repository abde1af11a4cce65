package io.aetherfs.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real S3-compatible server for tests: s3proxy (filesystem provider) in its own JVM on a free loopback
 * port, with fixed test credentials. {@link #shared()} starts one per test JVM on first use and stops it
 * when the JVM exits; {@link #start()} starts a dedicated one that the test stops (to test outages).
 * The s3proxy process also dies with the test JVM if that is killed: a watcher shell stops it when the
 * JVM's end of its stdin pipe closes.
 */
public final class S3TestServer implements AutoCloseable {
    /** The access key id the server accepts. */
    public static final String ACCESS_KEY_ID = "afs-test";
    /** The secret key the server accepts. */
    public static final String SECRET_ACCESS_KEY = "afs-test-secret";
    /** The region clients should sign for (s3proxy accepts any). */
    public static final String REGION = "us-east-1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static S3TestServer shared;

    private final S3Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private S3TestServer(S3Process process) {
        this.process = process;
    }

    /** Returns the server shared by this JVM's tests, starting it on first use. */
    public static synchronized S3TestServer shared() {
        if (shared == null || !shared.isRunning()) {
            S3TestServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3-test-server-stop"));
            shared = server;
        }
        return shared;
    }

    /** Starts a dedicated server in a fresh temp directory; the caller stops it ({@link #close()}). */
    public static S3TestServer start() {
        try {
            Path dir = Files.createTempDirectory("afs-s3-test-");
            return new S3TestServer(S3Process.start(s3proxyJar(), dir, STARTUP_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException("starting the S3 test server", e);
        }
    }

    /** Returns the server's endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return process.endpoint();
    }

    /** Returns whether the server process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Creates a fresh, empty bucket with a unique name and returns the name. */
    public String createBucket() {
        String name = "afs-" + UUID.randomUUID().toString().substring(0, 18);
        createBucket(name);
        return name;
    }

    /** Creates an empty bucket named {@code name} (3-63 lowercase letters, digits and hyphens). */
    public void createBucket(String name) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        // AWS signature version 2: small enough to write here, so the testkit needs no S3 client.
        String signature = hmacSha1Base64(SECRET_ACCESS_KEY, "PUT\n\n\n" + date + "\n/" + name);
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/" + name))
                .timeout(Duration.ofSeconds(30))
                .header("Date", date)
                .header("Authorization", "AWS " + ACCESS_KEY_ID + ":" + signature)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("creating bucket " + name + " on the S3 test server answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating bucket " + name + " on the S3 test server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating bucket " + name, e);
        }
    }

    /** Stops the server and deletes its files; idempotent. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Returns the s3proxy jar: the {@code afs.s3proxy.jar} system property or {@code AFS_S3PROXY_JAR}
     * environment variable if set, else where the testkit build copied it from Maven Central.
     */
    static Path s3proxyJar() {
        String configured = System.getProperty("afs.s3proxy.jar", System.getenv("AFS_S3PROXY_JAR"));
        Path jar;
        if (configured != null && !configured.isBlank()) {
            jar = Path.of(configured);
        } else {
            Properties p = new Properties();
            try (InputStream in = S3TestServer.class.getResourceAsStream("/testkit-servers.properties")) {
                if (in == null) {
                    throw new IllegalStateException("testkit-servers.properties is missing from the classpath");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jar = Path.of(p.getProperty("s3proxy.jar"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the s3proxy jar is not at " + jar + ": build the testkit module "
                    + "(bin/mvn -pl <module> -am ...) so Maven copies it there, or set AFS_S3PROXY_JAR");
        }
        return jar;
    }

    /** Returns a free TCP port on the loopback address (free now; the caller binds it soon after). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String hmacSha1Base64(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
