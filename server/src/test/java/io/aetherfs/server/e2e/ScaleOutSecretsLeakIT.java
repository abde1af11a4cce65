package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link SecretsLeakIT} on the scale-out backend: a node on a real PostgreSQL database and S3 bucket, whose
 * stored data is searched as a {@code pg_dump} of the database (bytea values appear there in hex, one of
 * the spellings searched).
 */
class ScaleOutSecretsLeakIT extends SecretsLeakIT {
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

    private ScaleOutStores stores;

    @Override
    InProcessServer startServer(Path dir) {
        stores = ScaleOutStores.create("secretleak");
        return InProcessServer.startScaleOut(dir, stores);
    }

    @Override
    List<byte[]> storedData(InProcessServer server) throws Exception {
        Matcher m = JDBC.matcher(stores.env().get("AFS_SERVER_STORAGE_POSTGRES_URL"));
        assertThat(m.matches()).isTrue();
        Process p = new ProcessBuilder(
                        "pg_dump", "-h", m.group(1), "-p", m.group(2), "-U", "postgres", "--no-password", m.group(3))
                .redirectErrorStream(true)
                .start();
        byte[] dump = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(dump, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).as("the dump holds the kv rows").contains("COPY public.kv");
        List<byte[]> out = new ArrayList<>();
        out.add(dump);
        return out;
    }
}
