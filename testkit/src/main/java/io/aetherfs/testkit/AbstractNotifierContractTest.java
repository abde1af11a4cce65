package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.core.spi.Notifier.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Notifier} backend passes. A backend's test opens "nodes": notifiers that
 * share one backend as separate server processes would. A backend that serves one process only
 * returns the same instance from every {@link #openNode()} call and answers false to
 * {@link #sharedByNodes()}.
 */
public abstract class AbstractNotifierContractTest {
    private static final long WAIT_SECONDS = 10;

    private final List<Notifier> opened = new ArrayList<>();

    /** Opens a notifier of one more node sharing the backend of every other node of this test. */
    protected abstract Notifier openNode();

    /** Whether notices cross between the notifiers of {@link #openNode()}. */
    protected abstract boolean sharedByNodes();

    /** A stream name unique to this test run, so tests sharing a real backend do not see each other. */
    protected final String stream(String name) {
        return name + "/" + getClass().getSimpleName() + "-" + System.nanoTime();
    }

    private Notifier node() {
        Notifier n = openNode();
        opened.add(n);
        return n;
    }

    @AfterEach
    final void closeNodes() {
        opened.forEach(Notifier::close);
    }

    @Test
    void publish_reachesSubscriberOfTheSameNode() throws Exception {
        Notifier n = node();
        Inbox inbox = new Inbox(n, stream("own"));
        n.publish(new Notice(TENANT_A, inbox.stream, 7));
        assertThat(inbox.next()).isEqualTo(new Notice(TENANT_A, inbox.stream, 7));
    }

    @Test
    void publish_keepsPublicationOrderAndTenant() throws Exception {
        Notifier n = node();
        Inbox inbox = new Inbox(n, stream("order"));
        for (int i = 1; i <= 200; i++) {
            n.publish(new Notice(i % 2 == 0 ? TENANT_A : TENANT_B, inbox.stream, i));
        }
        for (int i = 1; i <= 200; i++) {
            assertThat(inbox.next()).isEqualTo(new Notice(i % 2 == 0 ? TENANT_A : TENANT_B, inbox.stream, i));
        }
    }

    @Test
    void everySubscriberReceivesEachNotice() throws Exception {
        Notifier n = node();
        String stream = stream("fanout");
        Inbox first = new Inbox(n, stream);
        Inbox second = new Inbox(n, stream);
        n.publish(new Notice(TENANT_A, stream, 1));
        assertThat(first.next().sequence()).isEqualTo(1);
        assertThat(second.next().sequence()).isEqualTo(1);
    }

    @Test
    void closedSubscription_receivesNoLaterNotice() throws Exception {
        Notifier n = node();
        String stream = stream("closed");
        Inbox kept = new Inbox(n, stream);
        Inbox dropped = new Inbox(n, stream);
        dropped.subscription.close();
        dropped.subscription.close();
        n.publish(new Notice(TENANT_A, stream, 1));
        assertThat(kept.next().sequence()).isEqualTo(1);
        assertThat(dropped.poll(300)).isNull();
    }

    @Test
    void failingListener_doesNotStopDeliveryToItselfOrOthers() throws Exception {
        Notifier n = node();
        String stream = stream("failing");
        BlockingQueue<Notice> afterFailure = new LinkedBlockingQueue<>();
        n.subscribe(notice -> {
            if (notice.stream().equals(stream)) {
                afterFailure.add(notice);
                throw new IllegalStateException("listener failure (expected by the test)");
            }
        });
        Inbox other = new Inbox(n, stream);
        n.publish(new Notice(TENANT_A, stream, 1));
        n.publish(new Notice(TENANT_A, stream, 2));
        assertThat(other.next().sequence()).isEqualTo(1);
        assertThat(other.next().sequence()).isEqualTo(2);
        assertThat(afterFailure.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(afterFailure.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void publishAfterClose_isUnavailable() {
        Notifier n = openNode();
        n.close();
        n.close();
        assertThatThrownBy(() -> n.publish(new Notice(TENANT_A, stream("late"), 1)))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void notice_rejectsBadStreamNames() {
        for (String bad : new String[] {"", "has space", "tab\t", "é", "x".repeat(Notifier.MAX_STREAM_CHARS + 1)}) {
            assertThatThrownBy(() -> new Notice(TENANT_A, bad, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new Notice(TENANT_A, "x".repeat(Notifier.MAX_STREAM_CHARS), 1).stream())
                .hasSize(Notifier.MAX_STREAM_CHARS);
    }

    @Test
    void sharedBackend_deliversAcrossNodesInOrder() throws Exception {
        if (!sharedByNodes()) {
            return; // one process only: there is no other node to reach
        }
        Notifier a = node();
        Notifier b = node();
        Notifier c = node();
        String stream = stream("cross");
        Inbox onB = new Inbox(b, stream);
        Inbox onC = new Inbox(c, stream);
        Inbox onA = new Inbox(a, stream);
        for (int i = 1; i <= 100; i++) {
            a.publish(new Notice(TENANT_A, stream, i));
        }
        for (Inbox inbox : List.of(onA, onB, onC)) {
            for (int i = 1; i <= 100; i++) {
                assertThat(inbox.next()).isEqualTo(new Notice(TENANT_A, stream, i));
            }
        }
    }

    /** The notices of one stream that a subscription received. */
    private static final class Inbox {
        final String stream;
        final BlockingQueue<Notice> received = new LinkedBlockingQueue<>();
        final Notifier.Subscription subscription;

        Inbox(Notifier n, String stream) {
            this.stream = stream;
            this.subscription = n.subscribe(notice -> {
                if (notice.stream().equals(stream)) {
                    received.add(notice);
                }
            });
        }

        Notice next() throws InterruptedException {
            Notice n = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(n).as("a notice on %s within %d s", stream, WAIT_SECONDS).isNotNull();
            return n;
        }

        Notice poll(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }
    }
}
