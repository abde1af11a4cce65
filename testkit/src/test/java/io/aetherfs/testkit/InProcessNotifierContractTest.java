package io.aetherfs.testkit;

import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.spi.Notifier;

/** The notifier contract on the in-process notifier of embedded mode. */
class InProcessNotifierContractTest extends AbstractNotifierContractTest {
    @Override
    protected Notifier openNode() {
        return new InProcessNotifier();
    }

    @Override
    protected boolean sharedByNodes() {
        return false;
    }
}
