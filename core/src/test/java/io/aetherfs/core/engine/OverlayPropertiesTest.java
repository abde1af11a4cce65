package io.aetherfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Overlay}: buffered puts, deletes and range deletes, read through onto a stored
 * key space (point reads and scans), stacked by {@link Overlay#absorb} and written out by
 * {@link Overlay#writeTo}, always agree with a sorted map the same operations were applied to directly.
 */
class OverlayPropertiesTest {
    private static final TenantId T1 = TenantId.parse("0a000000-0000-4000-8000-000000000001");
    private static final TenantId T2 = TenantId.parse("0b000000-0000-4000-8000-000000000002");
    private static final List<TenantId> TENANTS = List.of(T1, T2);

    /** The model: what each tenant's key space holds after the operations. */
    private final Map<TenantId, TreeMap<String, String>> model = Map.of(T1, new TreeMap<>(), T2, new TreeMap<>());

    @Test
    void twoStackedOverlays_readThroughAsTheModel_thenAbsorbAndWriteOutAsTheModel() {
        qt().withFixedSeed(5L).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            model.values().forEach(TreeMap::clear);
            Random r = new Random(seed);
            MetaStore store = new InMemoryMetaStore();
            store.write(tx -> {
                for (int i = r.nextInt(30); i > 0; i--) {
                    TenantId t = TENANTS.get(r.nextInt(2));
                    String k = key(r);
                    tx.put(t, k, bytes("stored " + i));
                    model.get(t).put(k, "stored " + i);
                }
                return null;
            });
            Overlay lower = new Overlay();
            Overlay upper = new Overlay();
            apply(r, lower, r.nextInt(25));
            apply(r, upper, r.nextInt(25));
            assertReadsThrough(store, List.of(upper, lower), seed);
            lower.absorb(upper);
            assertReadsThrough(store, List.of(lower), seed);
            store.write(tx -> {
                lower.writeTo(tx);
                return null;
            });
            assertReadsThrough(store, List.of(), seed);
        });
    }

    @Test
    void isEmpty_untilAnyWrite() {
        Overlay o = new Overlay();
        assertThat(o.isEmpty()).isTrue();
        assertThat(o.lookup(T1, "k")).isInstanceOf(Overlay.Lookup.Unknown.class);
        o.deleteRange(T1, KeyRange.prefix("x/"));
        assertThat(o.isEmpty()).isFalse();
        assertThat(o.lookup(T1, "x/1")).isEqualTo(new Overlay.Lookup.Written(Optional.empty()));
        assertThat(o.lookup(T2, "x/1")).as("other tenant").isInstanceOf(Overlay.Lookup.Unknown.class);
    }

    /** Applies {@code n} random writes to {@code o} and to the model. */
    private void apply(Random r, Overlay o, int n) {
        for (int i = 0; i < n; i++) {
            TenantId t = TENANTS.get(r.nextInt(2));
            switch (r.nextInt(5)) {
                case 0 -> {
                    KeyRange range = range(r);
                    o.deleteRange(t, range);
                    model.get(t).subMap(range.from(), range.to()).clear();
                }
                case 1 -> {
                    String k = key(r);
                    o.delete(t, k);
                    model.get(t).remove(k);
                }
                default -> {
                    String k = key(r);
                    String v = "v" + r.nextInt(1000);
                    o.put(t, k, bytes(v));
                    model.get(t).put(k, v);
                }
            }
        }
    }

    /** Reads every key and range through {@code overlays} (top first) onto the store and checks the model. */
    private void assertReadsThrough(MetaStore store, List<Overlay> overlays, long seed) {
        for (TenantId t : TENANTS) {
            TreeMap<String, String> want = model.get(t);
            for (String k : allKeys()) {
                Optional<byte[]> got = Optional.empty();
                boolean found = false;
                for (Overlay o : overlays) {
                    if (o.lookup(t, k) instanceof Overlay.Lookup.Written(Optional<byte[]> v)) {
                        got = v;
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    got = store.read(tx -> tx.get(t, k));
                }
                assertThat(got.map(OverlayPropertiesTest::text))
                        .as("key %s of seed %d", k, seed)
                        .isEqualTo(Optional.ofNullable(want.get(k)));
            }
            Random r = new Random(seed);
            for (int i = 0; i < 10; i++) {
                KeyRange range = r.nextBoolean() ? range(r) : range(r).reversed();
                List<KeyValue> below = store.read(tx -> tx.scan(t, range, 1000));
                for (Overlay o : overlays.reversed()) {
                    below = o.overlayScan(t, range, below);
                }
                TreeMap<String, String> part = new TreeMap<>(want.subMap(range.from(), range.to()));
                List<String> expected = new ArrayList<>();
                (range.reverse() ? part.descendingMap() : part).forEach((k, v) -> expected.add(k + "=" + v));
                assertThat(below.stream().map(kv -> kv.key() + "=" + text(kv.value())))
                        .as("scan %s of seed %d", range, seed)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** Keys from a small space, so puts, deletes and ranges overlap often. */
    private static String key(Random r) {
        return "k/" + (char) ('a' + r.nextInt(4)) + "/" + r.nextInt(6);
    }

    private static List<String> allKeys() {
        List<String> out = new ArrayList<>();
        for (char c = 'a'; c < 'e'; c++) {
            for (int i = 0; i < 6; i++) {
                out.add("k/" + c + "/" + i);
            }
        }
        return out;
    }

    /** A prefix range or a half-open range between two keys. */
    private static KeyRange range(Random r) {
        if (r.nextBoolean()) {
            return KeyRange.prefix(r.nextBoolean() ? "k/" + (char) ('a' + r.nextInt(4)) + "/" : "k/");
        }
        String a = key(r);
        String b = key(r);
        return a.compareTo(b) <= 0 ? KeyRange.of(a, b) : KeyRange.of(b, a);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
