package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.TENANT_C;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} backend passes: a backend's test is a subclass that opens a fresh,
 * empty store. Concurrency lives in {@link BlobStoreConcurrencyChecks}.
 */
public abstract class AbstractBlobStoreContractTest {
    /** The store under test, opened fresh for every test. */
    protected BlobStore store;

    /** Returns a fresh, empty store; the suite closes it after the test. */
    protected abstract BlobStore openStore();

    @BeforeEach
    final void openStoreUnderTest() {
        store = openStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    @Test
    void putDeferred_readableAtOnce_andSyncMakesItDurable() {
        byte[] a = randomBytes(11, 70_000);
        byte[] b = randomBytes(12, 20_000);
        Hash ha = Hash.of(a);
        Hash hb = Hash.of(b);
        store.putDeferred(TENANT_A, ha, a, 0, a.length);
        store.putDeferred(TENANT_A, hb, b, 0, b.length);
        store.putDeferred(TENANT_A, hb, b, 0, b.length); // a repeat is a reuse
        assertThat(store.get(TENANT_A, ha, 0, a.length))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(a));
        store.sync(TENANT_A, List.of(ha, hb, hb));
        assertThat(store.get(TENANT_A, hb, 0, b.length))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(b));
        assertThat(store.list(TENANT_A, null, 10)).extracting(BlobInfo::hash).containsExactlyInAnyOrder(ha, hb);
    }

    @Test
    void put_sizes0And1And4MiB_getReturnsBytesExactly() {
        for (int size : List.of(0, 1, BlobStore.MAX_BLOB_BYTES)) {
            byte[] padded = randomBytes(size, size + 7);
            byte[] data = Arrays.copyOfRange(padded, 3, 3 + size);
            Hash hash = Hash.of(data);
            store.put(TENANT_A, hash, padded, 3, size);
            assertThat(store.get(TENANT_A, hash, 0, BlobStore.MAX_BLOB_BYTES))
                    .as("blob of %d bytes", size)
                    .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
            assertThat(store.stat(TENANT_A, hash))
                    .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(size));
        }
    }

    @Test
    void put_sliceOutsideTheArray_throwsAndStoresNothing() {
        byte[] data = randomBytes(12, 10);
        Hash hash = Hash.of(data);
        assertThatThrownBy(() -> store.put(TENANT_A, hash, data, 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(store.stat(TENANT_A, hash)).isEmpty();
        assertThat(store.tenants()).isEmpty();
    }

    @Test
    void get_rangeInTheMiddle_returnsThatSlice() {
        byte[] data = randomBytes(1, 10_000);
        Hash hash = put(TENANT_A, data);
        assertThat(store.get(TENANT_A, hash, 1234, 5000))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(Arrays.copyOfRange(data, 1234, 6234)));
        assertThat(store.get(TENANT_A, hash, 0, 1))
                .hasValueSatisfying(got -> assertThat(got).containsExactly(data[0]));
    }

    @Test
    void get_offsetAtOrPastEnd_returnsEmptyArray() {
        Hash hash = put(TENANT_A, randomBytes(2, 100));
        assertThat(store.get(TENANT_A, hash, 100, 10))
                .hasValueSatisfying(got -> assertThat(got).isEmpty());
        assertThat(store.get(TENANT_A, hash, 5000, 10))
                .hasValueSatisfying(got -> assertThat(got).isEmpty());
    }

    @Test
    void get_lengthBeyondEnd_returnsShortRead() {
        byte[] data = randomBytes(3, 100);
        Hash hash = put(TENANT_A, data);
        assertThat(store.get(TENANT_A, hash, 90, 50))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(Arrays.copyOfRange(data, 90, 100)));
    }

    @Test
    void get_missingHash_returnsEmpty() {
        Hash stored = put(TENANT_A, randomBytes(4, 10));
        Hash missing = Hash.of(randomBytes(5, 10));
        assertThat(store.get(TENANT_A, missing, 0, 10)).isEmpty();
        assertThat(store.stat(TENANT_A, missing)).isEmpty();
        assertThat(store.get(TENANT_B, stored, 0, 10)).isEmpty();
    }

    @Test
    void stat_storedBlob_returnsSizeAndRecentTimestamp() {
        Instant before = Instant.now();
        Hash hash = put(TENANT_A, randomBytes(6, 4321));
        Instant after = Instant.now();
        BlobInfo info = store.stat(TENANT_A, hash).orElseThrow();
        assertThat(info.hash()).isEqualTo(hash);
        assertThat(info.size()).isEqualTo(4321);
        assertThat(info.lastModified()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    }

    @Test
    void put_existingHash_keepsContentAndRefreshesLastModified() throws InterruptedException {
        byte[] data = randomBytes(7, 1000);
        Hash hash = put(TENANT_A, data);
        Instant first = store.stat(TENANT_A, hash).orElseThrow().lastModified();
        Thread.sleep(Duration.ofMillis(50));
        store.put(TENANT_A, hash, new byte[10], 0, 10);
        BlobInfo second = store.stat(TENANT_A, hash).orElseThrow();
        assertThat(second.lastModified()).isAfter(first);
        assertThat(second.size()).isEqualTo(1000);
        assertThat(store.get(TENANT_A, hash, 0, 2000))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
        store.put(TENANT_A, hash, data, 0, data.length);
        assertThat(store.stat(TENANT_A, hash).orElseThrow().lastModified()).isAfterOrEqualTo(second.lastModified());
    }

    @Test
    void delete_returnsWhetherTheBlobExisted() {
        Hash hash = put(TENANT_A, randomBytes(8, 10));
        assertThat(store.delete(TENANT_A, hash)).isTrue();
        assertThat(store.delete(TENANT_A, hash)).isFalse();
        assertThat(store.get(TENANT_A, hash, 0, 10)).isEmpty();
        assertThat(store.stat(TENANT_A, hash)).isEmpty();
        assertThat(store.list(TENANT_A, null, 10)).isEmpty();
    }

    @Test
    void list_manyBlobs_returnsAscendingHashOrder() {
        List<Hash> hashes = putMany(TENANT_A, 40);
        List<BlobInfo> listed = store.list(TENANT_A, null, 1000);
        assertThat(listed).extracting(BlobInfo::hash).containsExactlyElementsOf(hashes);
        assertThat(listed).allSatisfy(info -> assertThat(info.size()).isEqualTo(16));
    }

    @Test
    void list_pagingWithAfter_visitsEveryBlobOnce() {
        List<Hash> hashes = putMany(TENANT_A, 40);
        List<Hash> seen = new ArrayList<>();
        Hash after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<BlobInfo> page = store.list(TENANT_A, after, 7);
            page.forEach(info -> seen.add(info.hash()));
            if (page.size() < 7) {
                break;
            }
            after = page.getLast().hash();
        }
        assertThat(seen).containsExactlyElementsOf(hashes);
    }

    @Test
    void list_afterHashNotStored_startsAfterIt() {
        List<Hash> hashes = putMany(TENANT_A, 20);
        Hash pivot = Hash.of(randomBytes(999, 3));
        List<Hash> expected =
                hashes.stream().filter(h -> h.compareTo(pivot) > 0).toList();
        assertThat(store.list(TENANT_A, pivot, 100)).extracting(BlobInfo::hash).containsExactlyElementsOf(expected);
        assertThat(store.list(TENANT_B, null, 100)).isEmpty();
    }

    @Test
    void tenants_sameHashInTwoTenants_areIndependent() {
        byte[] data = randomBytes(9, 64);
        Hash hash = put(TENANT_A, data);
        put(TENANT_B, data);
        assertThat(store.delete(TENANT_A, hash)).isTrue();
        assertThat(store.get(TENANT_A, hash, 0, 100)).isEmpty();
        assertThat(store.get(TENANT_B, hash, 0, 100))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
        assertThat(store.list(TENANT_B, null, 10)).extracting(BlobInfo::hash).containsExactly(hash);
    }

    @Test
    void tenants_listsOnlyTenantsHoldingBlobs() {
        assertThat(store.tenants()).isEmpty();
        Hash c = put(TENANT_C, randomBytes(10, 8));
        put(TENANT_A, randomBytes(11, 8));
        assertThat(store.tenants()).containsExactlyInAnyOrder(TENANT_A, TENANT_C);
        store.delete(TENANT_C, c);
        assertThat(store.tenants()).containsExactly(TENANT_A);
    }

    @Test
    void put_concurrentSameAndDifferentHashes_allSucceedAndReadBackIntact() throws Exception {
        BlobStoreConcurrencyChecks.concurrentPuts(store, TENANT_A, 8, 12);
    }

    @Test
    void checkHealth_openStore_passes() {
        store.checkHealth();
    }

    @Test
    void checkHealth_afterClose_throwsUnavailable() {
        store.close();
        assertThatThrownBy(store::checkHealth).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** Stores {@code data} and returns its hash. */
    protected final Hash put(TenantId tenant, byte[] data) {
        Hash hash = Hash.of(data);
        store.put(tenant, hash, data, 0, data.length);
        return hash;
    }

    /** Stores {@code n} distinct 16-byte blobs and returns their hashes in ascending order. */
    protected final List<Hash> putMany(TenantId tenant, int n) {
        List<Hash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(put(tenant, randomBytes(1000 + i, 16)));
        }
        return out.stream().sorted().toList();
    }
}
