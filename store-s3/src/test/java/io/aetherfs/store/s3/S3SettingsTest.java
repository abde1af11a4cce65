package io.aetherfs.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Validation and normalization of the S3 settings (no server needed). */
class S3SettingsTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void prefix_nonEmptyWithoutSlash_becomesAFolder() {
        assertThat(settings("afs").prefix()).isEqualTo("afs/");
        assertThat(settings("afs/").prefix()).isEqualTo("afs/");
        assertThat(settings(null).prefix()).isEmpty();
        assertThat(new S3Keys(settings("team/a").prefix()).healthKey()).isEqualTo("team/a/health");
        assertThatThrownBy(() -> settings("/abs")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void region_blank_defaultsToUsEast1() {
        assertThat(S3Settings.of(ENDPOINT, " ", "b", "", "k", "s", true).region())
                .isEqualTo("us-east-1");
    }

    @Test
    void requiredValues_missing_nameTheConfigKey() {
        assertThatThrownBy(() -> S3Settings.of(ENDPOINT, null, " ", "", "k", "s", true))
                .hasMessageContaining("storage.s3_bucket");
        assertThatThrownBy(() -> S3Settings.of(ENDPOINT, null, "b", "", null, "s", true))
                .hasMessageContaining("storage.s3_access_key_id");
        assertThatThrownBy(() -> S3Settings.of(ENDPOINT, null, "b", "", "k", "", true))
                .hasMessageContaining("storage.s3_secret_access_key");
        assertThatThrownBy(() -> S3Settings.of(URI.create("localhost:9000"), null, "b", "", "k", "s", true))
                .hasMessageContaining("storage.s3_endpoint");
    }

    @Test
    void tuning_partSmallerThanS3Allows_isRejected() {
        assertThatThrownBy(() -> S3Tuning.defaults().withMultipart(1, S3Tuning.MIN_PART_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Tuning.defaults()
                        .withRetries(0, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keys_parseBlob_acceptsOnlyTheLayout() {
        S3Keys keys = new S3Keys("p/");
        var tenant = io.aetherfs.testkit.TestValues.TENANT_A;
        var hash = io.aetherfs.core.model.Hash.of(new byte[] {1});
        String prefix = keys.tenantPrefix(tenant);
        assertThat(S3Keys.parseBlob(prefix, keys.blob(tenant, hash))).isEqualTo(hash);
        assertThat(S3Keys.parseBlob(prefix, prefix + "00/" + hash.hex())).isNull();
        assertThat(S3Keys.parseBlob(prefix, prefix + hash.hex().substring(0, 2) + "/x"))
                .isNull();
        assertThat(keys.parseTenant("p/blobs/" + tenant.value() + "/")).isEqualTo(tenant);
        assertThat(keys.parseTenant("p/blobs/" + tenant.value().toUpperCase(java.util.Locale.ROOT) + "/"))
                .isNull();
    }

    private static S3Settings settings(String prefix) {
        return S3Settings.of(ENDPOINT, "us-east-1", "bucket", prefix, "key", "secret", true);
    }
}
