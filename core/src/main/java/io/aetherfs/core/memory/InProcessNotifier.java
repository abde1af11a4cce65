package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.spi.NoticeListeners;
import io.aetherfs.core.spi.Notifier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The notifier of one process (embedded mode and tests): notices go to this process's listeners on a
 * single delivery thread, in publication order, never lost while the notifier is open.
 */
public final class InProcessNotifier implements Notifier {

    private final NoticeListeners listeners = new NoticeListeners();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("afs-notifier").daemon(true).factory());
    private volatile boolean closed;

    @Override
    public void publish(Notice notice) {
        if (closed) {
            throw AfsException.unavailable("the notifier is closed", null);
        }
        try {
            delivery.execute(() -> listeners.deliver(notice));
        } catch (RejectedExecutionException e) {
            throw AfsException.unavailable("the notifier is closed", e);
        }
    }

    @Override
    public Subscription subscribe(Consumer<Notice> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }
}
