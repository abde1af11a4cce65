package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.TENANT_C;
import static io.aetherfs.testkit.TestValues.longBytes;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.MetaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetaStore} backend passes: a backend's test is a subclass that opens a fresh,
 * empty store. Scans and concurrency live in {@link MetaStoreScanContract} and
 * {@link MetaStoreConcurrencyChecks}; this class covers single keys, validation, transactions and
 * lifecycle.
 */
public abstract class AbstractMetaStoreContractTest extends MetaStoreScanContract {
    private final List<MetaStore> opened = new ArrayList<>();

    /** Returns a fresh, empty store; the suite closes it after the test. */
    protected abstract MetaStore openStore();

    /**
     * Returns the store {@code closed} was, opened again over the same data, or null when the backend is
     * not persistent (then the persistence test is skipped).
     */
    protected MetaStore reopen(MetaStore closed) {
        return null;
    }

    @BeforeEach
    final void openStoreUnderTest() {
        store = track(openStore());
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(MetaStore::close);
    }

    private MetaStore track(MetaStore s) {
        opened.add(s);
        return s;
    }

    @Test
    void get_missingKey_returnsEmpty() {
        assertThat(get(TENANT_A, "nothing/here")).isEmpty();
    }

    @Test
    void put_newKey_isReadableInLaterTransactions() {
        put(TENANT_A, "k", utf8("v1"));
        assertThat(get(TENANT_A, "k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v1")));
    }

    @Test
    void put_existingKey_overwritesValue() {
        put(TENANT_A, "k", utf8("first, longer value"));
        put(TENANT_A, "k", utf8("second"));
        assertThat(get(TENANT_A, "k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("second")));
        assertThat(scan(TENANT_A, KeyRange.prefix(""), 10)).hasSize(1);
    }

    @Test
    void delete_existingKey_removesItAndReturnsTrue() {
        put(TENANT_A, "k", utf8("v"));
        assertThat(delete(TENANT_A, "k")).isTrue();
        assertThat(get(TENANT_A, "k")).isEmpty();
    }

    @Test
    void delete_missingKey_returnsFalse() {
        assertThat(delete(TENANT_A, "never-written")).isFalse();
    }

    @Test
    void put_binaryValues_roundTripByteExact() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        byte[] big = randomBytes(5, 5 * 1024 * 1024);
        store.write(tx -> {
            tx.put(TENANT_A, "empty", new byte[0]);
            tx.put(TENANT_A, "all-bytes", allBytes);
            tx.put(TENANT_A, "big", big);
            return null;
        });
        assertThat(get(TENANT_A, "empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(get(TENANT_A, "all-bytes"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(allBytes));
        assertThat(get(TENANT_A, "big")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
        assertThat(scan(TENANT_A, KeyRange.prefix("empty"), 1).getFirst().value())
                .isEmpty();
    }

    @Test
    void put_valueArrayChangedAfterwards_storedValueUnchanged() {
        byte[] value = utf8("original");
        store.write(tx -> {
            tx.put(TENANT_A, "k", value);
            value[0] = 'X';
            return null;
        });
        byte[] read = get(TENANT_A, "k").orElseThrow();
        read[1] = 'Y';
        assertThat(get(TENANT_A, "k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("original")));
    }

    @Test
    void put_invalidKey_throwsIllegalArgumentAndWritesNothing() {
        for (String bad : List.of("", "caf\u00e9", "tab\there", "del\u007f", "nul\u0000", "x".repeat(1025))) {
            assertThatThrownBy(() -> store.write(tx -> {
                        tx.put(TENANT_A, "valid/" + bad.length(), utf8("v"));
                        tx.put(TENANT_A, bad, utf8("v"));
                        return null;
                    }))
                    .as("key of %d chars", bad.length())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> get(TENANT_A, bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(scan(TENANT_A, KeyRange.of(" ", "~~"), 100)).isEmpty();
        assertThat(store.tenants()).isEmpty();
    }

    @Test
    void put_boundaryKeys_areAccepted() {
        String longest = "k".repeat(MetaStore.MAX_KEY_BYTES);
        put(TENANT_A, longest, utf8("long"));
        put(TENANT_A, " ", utf8("space"));
        put(TENANT_A, "~", utf8("tilde"));
        assertThat(get(TENANT_A, longest)).isPresent();
        assertThat(keys(scan(TENANT_A, KeyRange.of(" ", "~~"), 10))).containsExactly(" ", longest, "~");
    }

    @Test
    void write_returnsBodyResult() {
        String written = store.write(tx -> "result");
        Integer read = store.read(tx -> 42);
        assertThat(written).isEqualTo("result");
        assertThat(read).isEqualTo(42);
    }

    @Test
    void write_bodyThrowsAfterPuts_rollsBackAndRethrowsSameException() {
        put(TENANT_A, "kept", utf8("before"));
        RuntimeException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.write(tx -> {
                    tx.put(TENANT_A, "new", utf8("x"));
                    tx.put(TENANT_A, "kept", utf8("after"));
                    tx.delete(TENANT_A, "kept");
                    tx.put(TENANT_B, "other", utf8("y"));
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(get(TENANT_A, "new")).isEmpty();
        assertThat(get(TENANT_A, "kept")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("before")));
        assertThat(store.tenants()).containsExactly(TENANT_A);
        put(TENANT_A, "later", utf8("still writable"));
        assertThat(get(TENANT_A, "later")).isPresent();
    }

    @Test
    void read_bodyThrows_rethrowsSameException() {
        RuntimeException boom = new UnsupportedOperationException("boom");
        assertThatThrownBy(() -> store.read(tx -> {
                    tx.get(TENANT_A, "k");
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(get(TENANT_A, "k")).isEmpty();
    }

    @Test
    void write_readsInsideTransaction_seeOwnPendingPutsAndDeletes() {
        put(TENANT_A, "d/1", utf8("old1"));
        put(TENANT_A, "d/2", utf8("old2"));
        put(TENANT_A, "d/3", utf8("old3"));
        store.write(tx -> {
            tx.put(TENANT_A, "d/0", utf8("new0"));
            tx.put(TENANT_A, "d/2", utf8("new2"));
            tx.delete(TENANT_A, "d/3");
            assertThat(tx.get(TENANT_A, "d/0"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("new0")));
            assertThat(tx.get(TENANT_A, "d/2"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("new2")));
            assertThat(tx.get(TENANT_A, "d/3")).isEmpty();
            assertThat(keys(tx.scan(TENANT_A, KeyRange.prefix("d/"), 10))).containsExactly("d/0", "d/1", "d/2");
            assertThat(keys(tx.scan(TENANT_A, KeyRange.prefix("d/").reversed(), 2)))
                    .containsExactly("d/2", "d/1");
            assertThat(tx.scan(TENANT_A, KeyRange.of("d/2", "d/3"), 1)
                            .getFirst()
                            .value())
                    .isEqualTo(utf8("new2"));
            assertThat(tx.deleteRange(TENANT_A, KeyRange.of("d/0", "d/2"))).isEqualTo(2);
            assertThat(keys(tx.scan(TENANT_A, KeyRange.prefix("d/"), 10))).containsExactly("d/2");
            assertThat(tx.delete(TENANT_A, "d/1")).isFalse();
            return null;
        });
        assertThat(keys(scan(TENANT_A, KeyRange.prefix("d/"), 10))).containsExactly("d/2");
    }

    @Test
    void tenants_sameKeyInTwoTenants_areIndependent() {
        put(TENANT_A, "shared", utf8("a"));
        put(TENANT_B, "shared", utf8("b"));
        assertThat(get(TENANT_A, "shared"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("a")));
        assertThat(get(TENANT_B, "shared"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("b")));
        assertThat(delete(TENANT_A, "shared")).isTrue();
        assertThat(get(TENANT_A, "shared")).isEmpty();
        assertThat(get(TENANT_B, "shared")).isPresent();
        assertThat(get(TENANT_C, "shared")).isEmpty();
    }

    @Test
    void tenants_listsOnlyTenantsHoldingKeys_inIdOrder() {
        assertThat(store.tenants()).isEmpty();
        put(TENANT_C, "k", utf8("c"));
        put(TENANT_A, "k", utf8("a"));
        put(TENANT_B, "k", utf8("b"));
        assertThat(store.tenants()).containsExactly(TENANT_A, TENANT_B, TENANT_C);
        delete(TENANT_B, "k");
        assertThat(store.tenants()).containsExactly(TENANT_A, TENANT_C);
        deleteRange(TENANT_C, KeyRange.prefix(""));
        assertThat(store.tenants()).containsExactly(TENANT_A);
    }

    @Test
    void read_concurrentWithMovingWriter_neverSeesHalfATransaction() throws Exception {
        MetaStoreConcurrencyChecks.readersSeeWholeTransactions(store, TENANT_A, 1500);
    }

    @Test
    void write_concurrentIncrements_areSerializable() throws Exception {
        long total = MetaStoreConcurrencyChecks.concurrentIncrements(store, TENANT_A, 8, 200);
        assertThat(total).isEqualTo(1600);
    }

    @Test
    void write_committedThenReopened_survives() {
        put(TENANT_A, "durable", utf8("yes"));
        store.write(tx -> {
            tx.put(TENANT_B, "durable/1", longBytes(1));
            tx.put(TENANT_B, "durable/2", randomBytes(2, 100_000));
            return null;
        });
        assertThatThrownBy(() -> store.write(tx -> {
                    tx.put(TENANT_C, "rolled-back", utf8("no"));
                    throw new IllegalStateException("abort");
                }))
                .isInstanceOf(IllegalStateException.class);
        store.close();
        MetaStore reopened = reopen(store);
        assumeThat(reopened).as("backend is persistent").isNotNull();
        store = track(reopened);
        assertThat(store.features()).contains(MetaStore.Feature.PERSISTENT);
        assertThat(get(TENANT_A, "durable"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("yes")));
        assertThat(get(TENANT_B, "durable/2"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(randomBytes(2, 100_000)));
        assertThat(get(TENANT_C, "rolled-back")).isEmpty();
        assertThat(store.tenants()).containsExactly(TENANT_A, TENANT_B);
    }

    @Test
    void checkHealth_openStore_passes() {
        store.checkHealth();
        assertThat(store.features()).doesNotContainNull();
    }

    @Test
    void checkHealth_afterClose_throwsUnavailable() {
        store.close();
        assertUnavailable(() -> store.checkHealth());
        assertUnavailable(() -> get(TENANT_A, "k"));
        assertUnavailable(() -> delete(TENANT_A, "k"));
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** Returns the value at {@code key} read in its own transaction. */
    protected final Optional<byte[]> get(TenantId tenant, String key) {
        return store.read(tx -> tx.get(tenant, key));
    }
}
