package io.aetherfs.service.bus;

import io.aetherfs.core.engine.EventHub;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.service.session.SessionAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live fan-out of the bus on one node. It keeps a {@link Channel} per session that local subscribers
 * listen to, with the last sequence it handed out. When a {@link Notifier} notice says a session's bus
 * advanced, it reads the new rows once for all local subscribers and hands them out in sequence order.
 * Notices may be lost, so every {@code pollInterval} it also re-reads the heads of its channels, and
 * with them each session's record: a session archived or deleted by any node ends its subscribers.
 *
 * <p>All state lives on one hub thread; the notifier and event listeners only queue work for it, and
 * handing a message to a subscriber never blocks (see {@link Subscription}).
 */
final class BusHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BusHub.class);
    static final String STREAM_PREFIX = "bus/";

    private final BusLog store;
    private final ScheduledExecutorService thread;
    private final Map<TenantId, Tenant> tenants = new HashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Notifier.Subscription notices;
    private final AutoCloseable events;
    private volatile boolean stopped;

    BusHub(BusLog store, Notifier notifier, EventHub eventHub, BusSettings settings) {
        this.store = store;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("afs-bus-hub").daemon(true).factory());
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = t;
        long every = settings.pollInterval().toNanos();
        thread.scheduleWithFixedDelay(() -> guarded("re-reading", this::poll), every, every, TimeUnit.NANOSECONDS);
        this.notices = notifier.subscribe(this::onNotice);
        this.events = eventHub.subscribe((tenant, e) -> {
            if (e.type() == EventType.SESSION_STATUS_CHANGED) {
                run(() -> refresh(tenant, e.sessionId()));
            }
        });
    }

    /** The channels of one tenant, and its tenant-wide subscribers (while any, every session has a channel). */
    private static final class Tenant {
        final Map<SessionId, Channel> channels = new HashMap<>();
        final List<Subscription> tenantWide = new ArrayList<>();
    }

    /** One session as this node follows it: the last sequence handed out and its local subscribers. */
    private static final class Channel {
        final SessionId id;
        long cursor;
        Session record;
        final List<Subscription> own = new ArrayList<>();

        Channel(SessionId id, long cursor) {
            this.id = id;
            this.cursor = cursor;
        }
    }

    /** Returns the number of open subscriptions on this node. */
    int subscriberCount() {
        return subscribers.get();
    }

    /**
     * Registers a subscription after checking, against the committed record, that the caller may see
     * the session and that it takes bus traffic; returns the sequence live delivery starts after.
     */
    long join(Subscription sub) {
        CompletableFuture<Long> cursor = new CompletableFuture<>();
        run(() -> {
            try {
                cursor.complete(register(sub));
            } catch (RuntimeException e) {
                cursor.completeExceptionally(e);
            }
        });
        try {
            return cursor.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AfsException(ErrorCode.CANCELLED, "interrupted while subscribing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AfsException a ? a : AfsException.internal("subscribe failed", e.getCause());
        }
    }

    /** Unregisters a subscription (any thread). */
    void leave(Subscription sub) {
        if (!stopped) {
            run(() -> remove(sub));
        }
    }

    /** Ends every subscription with UNAVAILABLE and refuses new ones (the server is draining). */
    void stop() {
        stopped = true;
        try {
            thread.submit(() -> {
                        for (Tenant t : tenants.values()) {
                            t.channels.values().forEach(c -> List.copyOf(c.own).forEach(this::unavailable));
                        }
                        tenants.clear();
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("ending bus subscriptions at shutdown failed", e);
        }
    }

    @Override
    public void close() {
        stop();
        notices.close();
        try {
            events.close();
        } catch (Exception e) {
            log.warn("could not unsubscribe from session events", e);
        }
        thread.shutdownNow();
    }

    private long register(Subscription sub) {
        if (stopped) {
            throw AfsException.unavailable("the server is shutting down", null);
        }
        Tenant t = tenants.computeIfAbsent(sub.caller.tenant(), x -> new Tenant());
        Channel c = t.channels.get(sub.session);
        BusLog.Probe p = store.probe(sub.caller.tenant(), List.of(sub.session)).get(sub.session);
        Session record = p.record();
        if (record == null || !SessionAccess.visible(sub.caller, record)) {
            dropIfEmpty(sub.caller.tenant(), t);
            throw AfsException.notFound("session " + sub.session + " not found");
        }
        try {
            SessionAccess.requireStatus(record, SessionAccess.METADATA_WRITABLE);
        } catch (AfsException e) {
            dropIfEmpty(sub.caller.tenant(), t);
            throw e;
        }
        if (c == null) {
            c = new Channel(sub.session, p.head());
            c.record = record;
            t.channels.put(sub.session, c);
        }
        if (sub.scope == BusScope.TENANT && t.tenantWide.isEmpty()) {
            store.heads(sub.caller.tenant()).forEach((id, head) -> t.channels.putIfAbsent(id, new Channel(id, head)));
        }
        c.own.add(sub);
        if (sub.scope == BusScope.TENANT) {
            t.tenantWide.add(sub);
        }
        subscribers.incrementAndGet();
        return c.cursor;
    }

    private void remove(Subscription sub) {
        Tenant t = tenants.get(sub.caller.tenant());
        if (t == null) {
            return;
        }
        Channel c = t.channels.get(sub.session);
        boolean was = c != null && c.own.remove(sub);
        t.tenantWide.remove(sub);
        if (was) {
            subscribers.decrementAndGet();
        }
        if (t.tenantWide.isEmpty()) {
            t.channels.values().removeIf(ch -> ch.own.isEmpty());
        }
        dropIfEmpty(sub.caller.tenant(), t);
    }

    private void dropIfEmpty(TenantId id, Tenant t) {
        if (t.channels.isEmpty() && t.tenantWide.isEmpty()) {
            tenants.remove(id);
        }
    }

    private void onNotice(Notifier.Notice n) {
        if (!n.stream().startsWith(STREAM_PREFIX)
                || !SessionId.isValid(n.stream().substring(STREAM_PREFIX.length()))) {
            return;
        }
        SessionId id = new SessionId(n.stream().substring(STREAM_PREFIX.length()));
        run(() -> {
            Tenant t = tenants.get(n.tenant());
            if (t == null) {
                return;
            }
            Channel c = t.channels.get(id);
            if (c == null && !t.tenantWide.isEmpty()) {
                // every session that had messages when the tenant-wide watch began has a channel, so
                // this one published its first message since: all of it is live
                c = new Channel(id, 0);
                t.channels.put(id, c);
            }
            if (c != null && n.sequence() > c.cursor) {
                drain(n.tenant(), t, c);
            }
        });
    }

    /** Re-reads one session now (its status changed on this node). */
    private void refresh(TenantId tenant, SessionId id) {
        Tenant t = tenants.get(tenant);
        Channel c = t == null ? null : t.channels.get(id);
        if (c != null) {
            drain(tenant, t, c);
        }
    }

    /** The periodic pass: catches up on lost notices and on sessions archived or deleted elsewhere. */
    private void poll() {
        for (Map.Entry<TenantId, Tenant> e : List.copyOf(tenants.entrySet())) {
            TenantId tenant = e.getKey();
            Tenant t = e.getValue();
            List<SessionId> followed = t.channels.values().stream()
                    .filter(c -> !c.own.isEmpty())
                    .map(c -> c.id)
                    .toList();
            Map<SessionId, BusLog.Probe> probes = store.probe(tenant, followed);
            Map<SessionId, Long> heads = t.tenantWide.isEmpty() ? Map.of() : store.heads(tenant);
            heads.forEach((id, head) -> t.channels.computeIfAbsent(id, x -> new Channel(x, 0)));
            for (Channel c : List.copyOf(t.channels.values())) {
                BusLog.Probe p = probes.get(c.id);
                if (p == null && !heads.containsKey(c.id)) {
                    t.channels.remove(c.id); // watched session deleted since
                    continue;
                }
                long head = p != null ? p.head() : heads.getOrDefault(c.id, c.cursor);
                boolean recordChanged =
                        p != null && (p.record() == null || !p.record().equals(c.record));
                if (head > c.cursor || recordChanged) {
                    drain(tenant, t, c);
                }
            }
            dropIfEmpty(tenant, t);
        }
    }

    /** Reads the session's new messages and hands them out in order, then applies its status. */
    private void drain(TenantId tenant, Tenant t, Channel c) {
        while (true) {
            BusLog.Slice s = store.read(tenant, c.id, c.cursor, Long.MAX_VALUE);
            if (s.record() == null) {
                end(t, c, AfsException.notFound("session " + c.id + " was deleted"));
                t.channels.remove(c.id);
                return;
            }
            c.record = s.record();
            for (BusMessage m : s.messages()) {
                if (m.sequence() != c.cursor + 1) {
                    lostMessages(t, c);
                }
                c.cursor = m.sequence();
                dispatch(t, c, m);
            }
            if (s.messages().size() < BusLog.PAGE) {
                break;
            }
        }
        if (!SessionAccess.METADATA_WRITABLE.contains(c.record.status())) {
            end(
                    t,
                    c,
                    AfsException.of(
                            io.aetherfs.core.error.Reason.SESSION_NOT_ACTIVE,
                            "session " + c.id + " is " + SessionAccess.statusName(c.record.status())
                                    + "; its bus subscribers are closed",
                            "status",
                            SessionAccess.statusName(c.record.status())));
        }
        for (Subscription sub : List.copyOf(c.own)) {
            if (!SessionAccess.visible(sub.caller, c.record)) {
                sub.fail(AfsException.notFound("session " + c.id + " not found"), false);
                remove(sub);
            }
        }
    }

    private void dispatch(Tenant t, Channel c, BusMessage m) {
        List<Subscription> gone = new ArrayList<>();
        for (Subscription sub : c.own) {
            if (sub.filter.matches(m.topic()) && !sub.offer(m) && sub.ended()) {
                gone.add(sub);
            }
        }
        for (Subscription sub : t.tenantWide) {
            if (!sub.session.equals(c.id)
                    && sub.filter.matches(m.topic())
                    && SessionAccess.visible(sub.caller, c.record)
                    && !sub.offer(m)) {
                gone.add(sub);
            }
        }
        gone.forEach(this::remove);
    }

    /** Retention dropped messages before this node read them: everyone who would have received them lags. */
    private void lostMessages(Tenant t, Channel c) {
        log.warn("the bus hub fell behind on session {}; closing its subscribers as slow", c.id);
        List<Subscription> affected = new ArrayList<>(c.own);
        t.tenantWide.stream().filter(s -> !s.session.equals(c.id)).forEach(affected::add);
        for (Subscription sub : affected) {
            sub.lagged("messages it had not received yet fell out of retention");
            remove(sub);
        }
    }

    /** Ends the session's own subscribers after their queued messages. */
    private void end(Tenant t, Channel c, AfsException why) {
        for (Subscription sub : List.copyOf(c.own)) {
            sub.fail(why, true);
            remove(sub);
        }
    }

    private void unavailable(Subscription sub) {
        sub.fail(
                AfsException.unavailable("the server is shutting down; subscribe again with afterSequence", null),
                false);
        subscribers.decrementAndGet();
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> guarded("delivery", task));
        } catch (RejectedExecutionException e) {
            log.debug("bus hub stopped; dropping work");
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("bus {} failed; the next pass retries", what, e);
        }
    }
}
