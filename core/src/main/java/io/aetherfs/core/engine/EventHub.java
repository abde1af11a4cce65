package io.aetherfs.core.engine;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.TenantId;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells in-process listeners about events right after they are committed (changefeeds, streams, metrics). */
public final class EventHub {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    /** Receives committed events; must return quickly. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(TenantId tenant, Event event);
    }

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener; returns a handle that unregisters it. */
    public AutoCloseable subscribe(Listener l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    void publish(TenantId tenant, Event e) {
        for (Listener l : listeners) {
            try {
                l.onEvent(tenant, e);
            } catch (RuntimeException ex) {
                log.warn("event listener failed", ex);
            }
        }
    }
}
