package io.aetherfs.core.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The storage configuration as a backend factory reads it: the data directory and the values of the
 * {@code storage.*} keys by name without the table ({@code "postgres_url"}, {@code "s3_bucket"}). The
 * server builds it from its validated configuration; a factory reads only the keys of its own kind.
 */
public interface StoreSettings {
    /** Returns the absolute data directory ({@code storage.data_dir}), where embedded backends keep files. */
    Path dataDir();

    /** Returns the value of {@code storage.<key>}, or empty when it is not set. */
    Optional<String> get(String key);

    /**
     * Returns the value of {@code storage.<key>}.
     *
     * @throws IllegalArgumentException when it is not set, with a message naming the key and where to set it
     */
    String require(String key);
}
