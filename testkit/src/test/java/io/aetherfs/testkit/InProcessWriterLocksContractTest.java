package io.aetherfs.testkit;

import io.aetherfs.core.memory.InProcessWriterLocks;
import io.aetherfs.core.spi.WriterLocks;
import java.time.Duration;

class InProcessWriterLocksContractTest extends AbstractWriterLocksContractTest {
    private final WriterLocks locks = new InProcessWriterLocks(Duration.ofSeconds(30));

    @Override
    protected WriterLocks openNode() {
        return locks;
    }
}
