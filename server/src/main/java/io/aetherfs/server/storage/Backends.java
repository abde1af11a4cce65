package io.aetherfs.server.storage;

import io.aetherfs.core.spi.BlobStoreFactory;
import io.aetherfs.core.spi.MetaStoreFactory;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The storage backends on the class path, found through the {@code META-INF/services} entries of the
 * store modules: metadata factories and blob factories, each looked up by kind.
 */
final class Backends {
    private static final List<MetaStoreFactory> META = load(MetaStoreFactory.class);
    private static final List<BlobStoreFactory> BLOBS = load(BlobStoreFactory.class);

    private Backends() {}

    /** Returns the metadata backend of {@code kind}, or an error naming the kinds there are. */
    static MetaStoreFactory meta(String kind) {
        return find(META, MetaStoreFactory::kind, kind, "metadata");
    }

    /** Returns the blob backend of {@code kind}, or an error naming the kinds there are. */
    static BlobStoreFactory blobs(String kind) {
        return find(BLOBS, BlobStoreFactory::kind, kind, "blob");
    }

    /** Returns every registered metadata backend. */
    static List<MetaStoreFactory> metaFactories() {
        return META;
    }

    private static <F> F find(List<F> factories, Function<F, String> kindOf, String kind, String what) {
        for (F f : factories) {
            if (kindOf.apply(f).equals(kind)) {
                return f;
            }
        }
        String known = factories.stream().map(kindOf).sorted().collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " backend '" + kind + "': expected one of "
                + (known.isEmpty() ? "(none on the class path)" : known));
    }

    private static <F> List<F> load(Class<F> type) {
        return ServiceLoader.load(type, Backends.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
