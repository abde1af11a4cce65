package io.aetherfs.testkit;

import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.spi.JobQueue;

/** The job queue contract on the in-memory reference queue (one process: every node is the same queue). */
class InMemoryJobQueueContractTest extends AbstractJobQueueContractTest {
    private JobQueue queue;

    @Override
    protected JobQueue openNode(TestClock clock) {
        if (queue == null) {
            queue = new InMemoryJobQueue(clock);
        }
        return queue;
    }

    @Override
    protected boolean sharedByNodes() {
        return false;
    }
}
