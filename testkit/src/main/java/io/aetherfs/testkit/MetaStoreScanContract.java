package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The range half of the {@link MetaStore} contract (scan order, bounds, limits, paging, deleteRange);
 * backends run it through {@link AbstractMetaStoreContractTest}.
 */
public abstract class MetaStoreScanContract {
    /** Keys whose byte order differs from naive expectations: case, digits, space, tilde, prefixes. */
    private static final List<String> ODD_KEYS =
            List.of("a/b", "B", "a", "a b", "~", "a/", "a0", "a~", "Z9", "0", " x", "a/b/c", "A");

    /** The store under test, opened fresh for every test. */
    protected MetaStore store;

    @Test
    void scan_ascending_returnsKeysInByteOrder() {
        putAll(TENANT_A, ODD_KEYS);
        List<KeyValue> all = scan(TENANT_A, KeyRange.of(" ", "~~"), 100);
        assertThat(keys(all)).containsExactlyElementsOf(sorted(ODD_KEYS));
        assertThat(all).allSatisfy(kv -> assertThat(kv.value()).isEqualTo(utf8(kv.key())));
    }

    @Test
    void scan_reversed_returnsKeysInDescendingOrder() {
        putAll(TENANT_A, ODD_KEYS);
        List<String> expected = sorted(ODD_KEYS).reversed();
        assertThat(keys(scan(TENANT_A, KeyRange.of(" ", "~~").reversed(), 100))).containsExactlyElementsOf(expected);
    }

    @Test
    void scan_withLimit_returnsFirstEntriesInScanOrder() {
        putAll(TENANT_A, List.of("k1", "k2", "k3", "k4", "k5"));
        KeyRange range = KeyRange.prefix("k");
        assertThat(keys(scan(TENANT_A, range, 2))).containsExactly("k1", "k2");
        assertThat(keys(scan(TENANT_A, range.reversed(), 2))).containsExactly("k5", "k4");
        assertThat(keys(scan(TENANT_A, range, 1))).containsExactly("k1");
        assertThat(scan(TENANT_A, range, 1000)).hasSize(5);
    }

    @Test
    void scan_limitBelowOne_throwsIllegalArgument() {
        assertThatThrownBy(() -> scan(TENANT_A, KeyRange.prefix("k"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scan_rangeBounds_areHalfOpen() {
        putAll(TENANT_A, List.of("b", "c", "d", "e"));
        assertThat(keys(scan(TENANT_A, KeyRange.of("c", "e"), 10))).containsExactly("c", "d");
        assertThat(keys(scan(TENANT_A, KeyRange.of("c", "e").reversed(), 10))).containsExactly("d", "c");
        assertThat(scan(TENANT_A, KeyRange.of("c", "c"), 10)).isEmpty();
        assertThat(scan(TENANT_A, KeyRange.of("c", "c").reversed(), 10)).isEmpty();
        assertThat(keys(scan(TENANT_A, KeyRange.of("bb", "cc"), 10))).containsExactly("c");
    }

    @Test
    void scan_prefix_doesNotMatchSiblingPrefix() {
        putAll(TENANT_A, List.of("a", "a/", "a/x", "a/x/y", "a0", "a.", "a~", "b"));
        assertThat(keys(scan(TENANT_A, KeyRange.prefix("a/"), 10))).containsExactly("a/", "a/x", "a/x/y");
        assertThat(keys(scan(TENANT_A, KeyRange.prefix("a/").reversed(), 10))).containsExactly("a/x/y", "a/x", "a/");
        assertThat(keys(scan(TENANT_A, KeyRange.prefix("a0"), 10))).containsExactly("a0");
    }

    @Test
    void scan_boundsThatAreNotKeys_compareAsCharacters() {
        putAll(TENANT_A, List.of("a", "a ", "a~", "b"));
        assertThat(keys(scan(TENANT_A, KeyRange.of("a\u0001", "a\u00e9"), 10))).containsExactly("a ", "a~");
        assertThat(keys(scan(TENANT_A, KeyRange.of("", "a\u007f"), 10))).containsExactly("a", "a ", "a~");
    }

    @Test
    void scan_pagingWithAfterAscending_visitsEveryKeyOnce() {
        List<String> all = pagingKeys();
        putAll(TENANT_A, all);
        putAll(TENANT_A, List.of("p", "p.", "q/1"));
        assertThat(walk(TENANT_A, KeyRange.prefix("p/"), 7)).containsExactlyElementsOf(sorted(all));
    }

    @Test
    void scan_pagingWithAfterDescending_visitsEveryKeyOnce() {
        List<String> all = pagingKeys();
        putAll(TENANT_A, all);
        putAll(TENANT_A, List.of("p", "p.", "q/1"));
        assertThat(walk(TENANT_A, KeyRange.prefix("p/").reversed(), 7))
                .containsExactlyElementsOf(sorted(all).reversed());
        assertThat(walk(TENANT_A, KeyRange.prefix("p/").reversed(), 1))
                .containsExactlyElementsOf(sorted(all).reversed());
    }

    @Test
    void scan_otherTenant_neverSeesKeys() {
        putAll(TENANT_A, List.of("x/1", "x/2"));
        putAll(TENANT_B, List.of("x/3"));
        assertThat(keys(scan(TENANT_A, KeyRange.prefix(""), 10))).containsExactly("x/1", "x/2");
        assertThat(keys(scan(TENANT_B, KeyRange.prefix("").reversed(), 10))).containsExactly("x/3");
    }

    @Test
    void deleteRange_range_removesExactlyItAndReturnsCount() {
        putAll(TENANT_A, List.of("r", "r/", "r/1", "r/2", "r/2/x", "r0", "s"));
        assertThat(deleteRange(TENANT_A, KeyRange.prefix("r/"))).isEqualTo(4);
        assertThat(keys(scan(TENANT_A, KeyRange.prefix(""), 10))).containsExactly("r", "r0", "s");
        assertThat(deleteRange(TENANT_A, KeyRange.of("r", "s").reversed())).isEqualTo(2);
        assertThat(deleteRange(TENANT_A, KeyRange.of("r", "s"))).isZero();
        assertThat(keys(scan(TENANT_A, KeyRange.prefix(""), 10))).containsExactly("s");
    }

    @Test
    void deleteRange_oneTenant_leavesOtherTenantsIntact() {
        putAll(TENANT_A, List.of("d/1", "d/2"));
        putAll(TENANT_B, List.of("d/1", "d/2", "d/3"));
        assertThat(deleteRange(TENANT_A, KeyRange.prefix("d/"))).isEqualTo(2);
        assertThat(keys(scan(TENANT_B, KeyRange.prefix("d/"), 10))).containsExactly("d/1", "d/2", "d/3");
        assertThat(store.tenants()).containsExactly(TENANT_B);
    }

    /** Walks {@code range} page by page with {@link KeyRange#after} and returns every key seen. */
    protected final List<String> walk(TenantId tenant, KeyRange range, int pageSize) {
        List<String> seen = new ArrayList<>();
        KeyRange rest = range;
        for (int pages = 0; pages < 10_000; pages++) {
            List<KeyValue> page = scan(tenant, rest, pageSize);
            page.forEach(kv -> seen.add(kv.key()));
            if (page.size() < pageSize) {
                return seen;
            }
            rest = rest.after(page.getLast().key());
        }
        throw new AssertionError("paging did not terminate; saw " + seen.size() + " keys");
    }

    /** Returns keys that are prefixes of one another, so paging must step past each exactly. */
    private static List<String> pagingKeys() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add("p/" + i);
            out.add("p/" + i + "/");
            out.add("p/" + i + "/ ");
            out.add("p/" + i + "/x");
        }
        return out;
    }

    /** Stores each key with its own UTF-8 bytes as the value, in one transaction. */
    protected final void putAll(TenantId tenant, List<String> keys) {
        store.write(tx -> {
            keys.forEach(k -> tx.put(tenant, k, utf8(k)));
            return null;
        });
    }

    /** Stores one value in its own transaction. */
    protected final void put(TenantId tenant, String key, byte[] value) {
        store.write(tx -> {
            tx.put(tenant, key, value);
            return null;
        });
    }

    /** Deletes one key in its own transaction and returns whether it existed. */
    protected final boolean delete(TenantId tenant, String key) {
        return store.write(tx -> tx.delete(tenant, key));
    }

    /** Deletes a range in its own transaction and returns how many keys it removed. */
    protected final long deleteRange(TenantId tenant, KeyRange range) {
        return store.write(tx -> tx.deleteRange(tenant, range));
    }

    /** Scans in its own read transaction. */
    protected final List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
        return store.read(tx -> tx.scan(tenant, range, limit));
    }

    /** Returns the keys of {@code entries}, in order. */
    protected static List<String> keys(List<KeyValue> entries) {
        return entries.stream().map(KeyValue::key).toList();
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
