package io.aetherfs.service.bus;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message bus use cases (spec §6.10, §8.11): publish a message to a session's bus, and subscribe to
 * it. Messages are records of the shared metadata store ({@link BusLog}); after each publish a
 * {@link Notifier} notice {@code bus/<sessionId>} tells every node, whose {@link BusHub} then reads the
 * new rows for its subscribers. Several nodes over one store and one notifier backend form one bus.
 */
public final class MessageBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);
    private static final int MAX_CONTENT_TYPE_CHARS = 128;

    private final Engine engine;
    private final Notifier notifier;
    private final BusSettings settings;
    private final BusLog store;
    private final BusHub hub;
    private final BusMeters meters = new BusMeters();

    public MessageBus(Engine engine, Notifier notifier, BusSettings settings) {
        this.engine = engine;
        this.notifier = notifier;
        this.settings = settings;
        this.store = new BusLog(engine::records, settings.retentionMessages());
        this.hub = new BusHub(store, notifier, engine.events(), settings);
    }

    public BusSettings settings() {
        return settings;
    }

    /**
     * Appends a message to the session's bus and returns it with its sequence, once durable. Needs
     * tenant.session.write and a status that allows metadata writes (spec §8.1).
     */
    public BusMessage publish(Caller caller, SessionId id, String topic, byte[] payload, String contentType) {
        caller.require(Scope.SESSION_WRITE);
        TopicFilter.checkTopic(topic);
        String type = contentType == null ? "" : contentType;
        if (type.length() > MAX_CONTENT_TYPE_CHARS || !type.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw AfsException.invalid(
                    "contentType must be at most " + MAX_CONTENT_TYPE_CHARS + " printable ASCII characters");
        }
        byte[] body = payload == null ? new byte[0] : payload;
        if (body.length > settings.maxPayloadBytes()) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "the payload has " + body.length + " bytes; bus payloads are limited to "
                            + settings.maxPayloadBytes(),
                    "limit",
                    Long.toString(settings.maxPayloadBytes()));
        }
        BusMessage m =
                store.append(caller, id, topic, body, type, engine.clock().instant());
        try {
            notifier.publish(new Notifier.Notice(caller.tenant(), BusHub.STREAM_PREFIX + id.value(), m.sequence()));
        } catch (AfsException e) {
            // the message is durable; subscribers' periodic re-read delivers it without the notice
            log.debug("bus notice for {} not sent: {}", id, e.getMessage());
        }
        return m;
    }

    /**
     * Opens a subscription: replay as {@code options} asks, then live messages (spec §8.11), ended with
     * RESOURCE_EXHAUSTED {@code SLOW_SUBSCRIBER} when its reader falls past {@link BusSettings#maxLagMessages()}
     * or {@link BusSettings#maxLagBytes()}. The transport closes it when its response is over. Needs
     * tenant.session.read; the session must be visible to the caller (else NOT_FOUND) and take bus
     * traffic (ACTIVE, PENDING_REVIEW, PENDING_APPROVAL or CONFLICT; else SESSION_NOT_ACTIVE).
     */
    public Subscription subscribe(Caller caller, SessionId id, SubscribeOptions options) {
        caller.require(Scope.SESSION_READ);
        TopicFilter filter = TopicFilter.parse(options.topics());
        if (options.replayLimit() < 0) {
            throw AfsException.invalid("replayLimit must not be negative");
        }
        if (options.afterSequence() != null && options.afterSequence() < 0) {
            throw AfsException.invalid("afterSequence must not be negative");
        }
        Subscription sub = new Subscription(caller, id, filter, options.scope(), store, settings, meters, hub::leave);
        long start = hub.join(sub);
        long after = options.afterSequence() != null
                ? options.afterSequence()
                : Math.max(0, start - Math.min(options.replayLimit(), BusSettings.MAX_REPLAY));
        sub.replay(after, start);
        return sub;
    }

    /** Returns the number of open subscriptions on this node (metric {@code afs_bus_subscribers}). */
    public int subscriberCount() {
        return hub.subscriberCount();
    }

    /**
     * Returns the bytes every subscription on this node holds for its subscriber: replay pages, live
     * queues and frames in transports (metric {@code afs_bus_held_bytes}). Each subscription holds at most
     * {@link BusSettings#maxLagBytes()}.
     */
    public long heldBytes() {
        return meters.heldBytes.get();
    }

    /** Returns the most bytes {@link #heldBytes()} ever was on this node (a high-water mark, for tests and diagnosis). */
    public long peakHeldBytes() {
        return meters.peakHeldBytes.get();
    }

    /** Returns how many subscribers this node has ended as too slow (metric {@code afs_bus_slow_subscribers_total}). */
    public long slowSubscriberCount() {
        return meters.slowSubscribers.get();
    }

    /** Ends every open stream with UNAVAILABLE and refuses new ones; for a draining server. */
    public void shutdown() {
        hub.stop();
    }

    @Override
    public void close() {
        hub.close();
    }
}
