package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.testkit.AbstractMetaStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the metadata store contract against SQLite files in a temporary directory. */
class SqliteMetaStoreContractTest extends AbstractMetaStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected MetaStore openStore() {
        return SqliteMetaStore.open(dir.resolve("data").resolve("afs.db"));
    }

    @Override
    protected MetaStore reopen(MetaStore closed) {
        return openStore();
    }
}
