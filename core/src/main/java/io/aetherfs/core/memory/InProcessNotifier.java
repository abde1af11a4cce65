package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.spi.Notifier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier of one process (embedded mode and tests): notices go to this process's listeners on a
 * single delivery thread, in publication order, never lost while the notifier is open.
 */
public final class InProcessNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(InProcessNotifier.class);

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("afs-notifier").daemon(true).factory());
    private volatile boolean closed;

    @Override
    public void publish(Notice notice) {
        if (closed) {
            throw AfsException.unavailable("the notifier is closed", null);
        }
        try {
            delivery.execute(() -> listeners.forEach(l -> l.deliver(notice)));
        } catch (RejectedExecutionException e) {
            throw AfsException.unavailable("the notifier is closed", e);
        }
    }

    @Override
    public Subscription subscribe(Consumer<Notice> listener) {
        Listener l = new Listener(listener);
        listeners.add(l);
        return l;
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

    private final class Listener implements Subscription {
        private final Consumer<Notice> target;
        private volatile boolean open = true;

        Listener(Consumer<Notice> target) {
            this.target = target;
        }

        void deliver(Notice n) {
            if (!open) {
                return;
            }
            try {
                target.accept(n);
            } catch (RuntimeException e) {
                log.warn("a notice listener failed on {}", n, e);
            }
        }

        @Override
        public void close() {
            open = false;
            listeners.remove(this);
        }
    }
}
