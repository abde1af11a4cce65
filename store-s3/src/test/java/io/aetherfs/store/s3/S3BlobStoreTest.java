package io.aetherfs.store.s3;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.testkit.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3 behaviour beyond the contract: key layout, skip-if-present, multipart, stamps and range edges. */
class S3BlobStoreTest {
    @Test
    void put_withPrefix_storesOneObjectAtTheSpecKey() {
        S3Settings settings = S3Fixture.freshBucket().withPrefix("deploy-1");
        byte[] data = randomBytes(1, 1000);
        Hash hash = Hash.of(data);
        try (S3BlobStore store = S3BlobStore.open(settings);
                S3Client raw = S3Fixture.rawClient(settings)) {
            store.put(TENANT_A, hash, data, 0, data.length);
            List<String> blobKeys =
                    raw.listObjectsV2(r -> r.bucket(settings.bucket()).prefix("deploy-1/blobs/")).contents().stream()
                            .map(S3Object::key)
                            .toList();
            assertThat(blobKeys)
                    .containsExactly("deploy-1/blobs/" + TENANT_A.value() + "/"
                            + hash.hex().substring(0, 2) + "/" + hash.hex());
            assertThat(raw.getObjectAsBytes(r -> r.bucket(settings.bucket()).key(blobKeys.getFirst()))
                            .asByteArray())
                    .isEqualTo(data);
        }
    }

    @Test
    void put_existingHash_uploadsNoBytesButRefreshesBothTimes() throws InterruptedException {
        RequestLog log = new RequestLog();
        S3Settings settings = S3Fixture.freshBucket();
        try (S3BlobStore store = S3BlobStore.open(settings, Clock.systemUTC(), List.of(log))) {
            byte[] data = randomBytes(2, 100_000);
            Hash hash = Hash.of(data);
            log.clear();
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(log.requests()).containsExactly("HEAD object", "PUT upload");
            BlobInfo first = store.stat(TENANT_A, hash).orElseThrow();
            Instant firstListed = store.list(TENANT_A, null, 1).getFirst().lastModified();

            Thread.sleep(1100); // the server's Last-Modified (what listings show) has whole seconds only
            log.clear();
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(log.requests()).containsExactly("HEAD object", "PUT copy");

            BlobInfo second = store.stat(TENANT_A, hash).orElseThrow();
            assertThat(second.size()).isEqualTo(100_000);
            assertThat(second.lastModified()).isAfter(first.lastModified());
            assertThat(store.list(TENANT_A, null, 1).getFirst().lastModified()).isAfter(firstListed);
            assertThat(store.get(TENANT_A, hash, 0, BlobStore.MAX_BLOB_BYTES))
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
        }
    }

    @Test
    void put_withInjectedClock_stampsItAndNeverMovesBack() {
        Instant future = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        TestClock clock = new TestClock(future);
        try (S3BlobStore store = S3BlobStore.open(S3Fixture.freshBucket(), clock)) {
            byte[] data = randomBytes(3, 10);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(future);
            clock.set(future.plusSeconds(60));
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(future.plusSeconds(60));
            clock.set(future.minusSeconds(3600));
            store.put(TENANT_A, hash, data, 0, data.length);
            assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isEqualTo(future.plusSeconds(60));
        }
    }

    @Test
    void put_atMultipartThreshold_uploadsInPartsAndReadsBackAtEveryEdge() {
        RequestLog log = new RequestLog();
        S3Settings base = S3Fixture.freshBucket();
        S3Settings settings = base.withTuning(base.tuning().withMultipart(1024 * 1024, S3Tuning.MIN_PART_SIZE));
        byte[] big = randomBytes(4, BlobStore.MAX_BLOB_BYTES);
        byte[] small = randomBytes(5, 1024 * 1024 - 1);
        try (S3BlobStore store = S3BlobStore.open(settings, Clock.systemUTC(), List.of(log))) {
            log.clear();
            Hash bigHash = Hash.of(big);
            store.put(TENANT_A, bigHash, big, 0, big.length);
            assertThat(log.requests())
                    .containsExactly(
                            "HEAD object", "POST create-multipart", "PUT part", "POST complete-or-abort-multipart");
            log.clear();
            Hash smallHash = Hash.of(small);
            store.put(TENANT_A, smallHash, small, 0, small.length);
            assertThat(log.requests()).containsExactly("HEAD object", "PUT upload");

            assertThat(store.list(TENANT_A, null, 10))
                    .extracting(BlobInfo::hash, BlobInfo::size)
                    .containsExactlyElementsOf(
                            bigHash.compareTo(smallHash) < 0
                                    ? List.of(tuple(bigHash, (long) big.length), tuple(smallHash, (long) small.length))
                                    : List.of(
                                            tuple(smallHash, (long) small.length), tuple(bigHash, (long) big.length)));
            assertThat(store.get(TENANT_A, bigHash, 0, big.length))
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(big));
            int end = big.length;
            assertThat(store.get(TENANT_A, bigHash, end - 3, 3))
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(Arrays.copyOfRange(big, end - 3, end)));
            assertThat(store.get(TENANT_A, bigHash, end - 1, 100))
                    .hasValueSatisfying(got -> assertThat(got).containsExactly(big[end - 1]));
            assertThat(store.get(TENANT_A, bigHash, end, 1))
                    .hasValueSatisfying(got -> assertThat(got).isEmpty());
            assertThat(store.get(TENANT_A, bigHash, Long.MAX_VALUE - 5, 100))
                    .hasValueSatisfying(got -> assertThat(got).isEmpty());
        }
    }

    @Test
    void get_zeroLength_isEmptyForStoredBlobsAndAbsentForMissingOnes() {
        try (S3BlobStore store = S3BlobStore.open(S3Fixture.freshBucket())) {
            byte[] data = randomBytes(6, 10);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, data, 0, data.length);
            store.put(TENANT_A, Hash.of(new byte[0]), new byte[0], 0, 0);
            assertThat(store.get(TENANT_A, hash, 3, 0))
                    .hasValueSatisfying(got -> assertThat(got).isEmpty());
            assertThat(store.get(TENANT_A, Hash.of(new byte[0]), 0, 10))
                    .hasValueSatisfying(got -> assertThat(got).isEmpty());
            assertThat(store.get(TENANT_B, hash, 3, 0)).isEmpty();
            assertThatThrownBy(() -> store.get(TENANT_A, hash, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void put_bytesThatDoNotHashToTheName_isRefusedAndStoresNothing() {
        try (S3BlobStore store = S3BlobStore.open(S3Fixture.freshBucket())) {
            Hash claimed = Hash.of(randomBytes(7, 10));
            byte[] other = randomBytes(8, 10);
            assertThatThrownBy(() -> store.put(TENANT_A, claimed, other, 0, other.length))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(claimed.hex());
            assertThat(store.stat(TENANT_A, claimed)).isEmpty();
            assertThat(store.tenants()).isEmpty();
        }
    }

    @Test
    void list_foreignObjectsInTheLayout_areIgnored() {
        S3Settings settings = S3Fixture.freshBucket();
        try (S3BlobStore store = S3BlobStore.open(settings);
                S3Client raw = S3Fixture.rawClient(settings)) {
            byte[] data = randomBytes(9, 10);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, data, 0, data.length);
            String shard = "blobs/" + TENANT_A.value() + "/" + hash.hex().substring(0, 2) + "/";
            String otherShard = "blobs/" + TENANT_B.value() + "/zz/";
            for (String key : List.of(
                    shard + "notes.txt",
                    shard + hash.hex().toUpperCase(Locale.ROOT),
                    otherShard + hash.hex(),
                    "blobs/not-a-tenant/00/" + hash.hex(),
                    "blobs/" + TENANT_A.value() + "/" + "00/" + hash.hex())) {
                raw.putObject(r -> r.bucket(settings.bucket()).key(key), RequestBody.fromBytes(data));
            }
            assertThat(store.list(TENANT_A, null, 10))
                    .extracting(BlobInfo::hash)
                    .containsExactly(hash);
            assertThat(store.list(TENANT_B, null, 10)).isEmpty();
            assertThat(store.tenants()).containsExactly(TENANT_A);
        }
    }

    @Test
    void open_unfinishedMultipartUploads_abortsOnlyStaleOnes() {
        S3Settings settings = S3Fixture.freshBucket();
        try (S3Client raw = S3Fixture.rawClient(settings)) {
            String key = "blobs/" + TENANT_A.value() + "/ab/" + "ab".repeat(32);
            raw.createMultipartUpload(r -> r.bucket(settings.bucket()).key(key));
            S3BlobStore.open(settings).close();
            assertThat(raw.listMultipartUploads(r -> r.bucket(settings.bucket()))
                            .uploads())
                    .hasSize(1);
            Clock later = Clock.offset(Clock.systemUTC(), S3BlobStore.STALE_UPLOAD_AGE.plusMinutes(1));
            S3BlobStore.open(settings, later).close();
            assertThat(raw.listMultipartUploads(r -> r.bucket(settings.bucket()))
                            .uploads())
                    .isEmpty();
        }
    }

    @Test
    void multipartPuts_severalParts_joinInOrder() {
        S3Settings settings = S3Fixture.freshBucket();
        byte[] padded = randomBytes(10, 2 * S3Tuning.MIN_PART_SIZE + 1234 + 20);
        RequestLog log = new RequestLog();
        try (S3Client raw = S3Clients.build(settings, List.of(log))) {
            MultipartPuts.upload(
                    raw,
                    settings.bucket(),
                    "three-parts",
                    padded,
                    10,
                    padded.length - 20,
                    S3Tuning.MIN_PART_SIZE,
                    Map.of());
            assertThat(log.requests()).filteredOn(r -> r.equals("PUT part")).hasSize(3);
            assertThat(raw.getObjectAsBytes(r -> r.bucket(settings.bucket()).key("three-parts"))
                            .asByteArray())
                    .isEqualTo(Arrays.copyOfRange(padded, 10, padded.length - 10));
        }
    }
}
