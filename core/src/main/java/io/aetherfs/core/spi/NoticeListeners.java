package io.aetherfs.core.spi;

import io.aetherfs.core.spi.Notifier.Notice;
import io.aetherfs.core.spi.Notifier.Subscription;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one {@link Notifier}, for its backends: subscribing, handing a notice to every open
 * listener (a listener that throws is logged and stays subscribed), and dropping them all on close.
 */
public final class NoticeListeners {
    private static final Logger log = LoggerFactory.getLogger(NoticeListeners.class);

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener; closing the returned subscription unregisters it. */
    public Subscription add(Consumer<Notice> target) {
        Listener l = new Listener(target);
        listeners.add(l);
        return l;
    }

    /** Hands {@code notice} to every listener still subscribed, in subscription order. */
    public void deliver(Notice notice) {
        for (Listener l : listeners) {
            l.deliver(notice);
        }
    }

    /** Unregisters every listener. */
    public void clear() {
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
