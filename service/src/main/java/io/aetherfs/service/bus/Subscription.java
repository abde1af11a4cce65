package io.aetherfs.service.bus;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One subscriber's stream of bus messages (spec §8.11): first the replay, read page by page from the
 * store as the transport asks for it, then the live messages the node's {@link BusHub} hands over.
 *
 * <p>It counts everything the server holds for its subscriber: the replay page, the live queue, and the
 * frames its transport has written that the connection has not taken yet ({@link #sending},
 * {@link #taken}). A live message that would leave more than {@code maxLagMessages} messages waiting
 * (queued or in the transport), or that would make it hold more than {@code maxLagBytes}, ends the stream
 * with RESOURCE_EXHAUSTED {@code SLOW_SUBSCRIBER} at once: the queue is dropped and {@link #whenStopped}
 * wakes the transport, which writes the final error item without waiting for the reader. So a slow reader
 * never holds up the hub or other subscribers, and never costs more than the bound. Every stream ends with
 * an error: the session was archived (SESSION_NOT_ACTIVE) or deleted (NOT_FOUND), the reader was too slow
 * (RESOURCE_EXHAUSTED), the server is shutting down (UNAVAILABLE) or it was closed (CANCELLED).
 *
 * <p>One transport thread consumes a subscription ({@link #next}, {@link #sending}, {@link #taken}); the
 * hub thread feeds it.
 */
public final class Subscription implements AutoCloseable {
    final Caller caller;
    final SessionId session;
    final TopicFilter filter;
    final BusScope scope;
    private final BusLog log;
    private final BusSettings limits;
    private final BusMeters meters;
    private final Consumer<Subscription> onEnd;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<BusMessage> live = new ArrayDeque<>();
    private long liveBytes;
    private final Deque<BusMessage> replay = new ArrayDeque<>();
    private long replayBytes;
    /** The sizes of the frames in the transport, oldest first. */
    private final Deque<Long> frames = new ArrayDeque<>();

    private long frameBytes;
    private AfsException ending;
    private boolean endAfterQueued;
    /** Why the stream ended as too slow, or null. */
    private String lag;

    private boolean closed;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Replay state, touched only by the consumer thread. */
    private long replayNext;

    private long replayEnd;
    private boolean replayStarted;
    /** The last own-session sequence handed out; live own messages at or below it are dropped. */
    private long lastOwn;
    /** {@link #lastOwn} before the last call to {@link #next}: where to resume if its message is not sent. */
    private long lastOwnBefore;

    Subscription(
            Caller caller,
            SessionId session,
            TopicFilter filter,
            BusScope scope,
            BusLog log,
            BusSettings limits,
            BusMeters meters,
            Consumer<Subscription> onEnd) {
        this.caller = caller;
        this.session = session;
        this.filter = filter;
        this.scope = scope;
        this.log = log;
        this.limits = limits;
        this.meters = meters;
        this.onEnd = onEnd;
    }

    /** Sets the replay to the retained messages with {@code after} < sequence ≤ {@code upTo} (the live start). */
    void replay(long after, long upTo) {
        replayNext = after + 1;
        replayEnd = upTo;
        lastOwn = after;
    }

    public SessionId sessionId() {
        return session;
    }

    /**
     * Returns the next message, or empty when none arrived within {@code timeout} (time for a
     * keepalive). Throws the AfsException that ended the stream.
     */
    public Optional<BusMessage> next(Duration timeout) {
        lastOwnBefore = lastOwn;
        BusMessage m = nextReplayed();
        if (m != null) {
            return Optional.of(m);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (ending != null && (!endAfterQueued || live.isEmpty())) {
                    throw endError();
                }
                BusMessage next = live.poll();
                if (next != null) {
                    liveBytes += held(-weight(next));
                    if (ending != null && live.isEmpty()) {
                        stopped.complete(null); // the last queued message before the end
                    }
                    if (next.sessionId().equals(session)) {
                        if (next.sequence() <= lastOwn) {
                            continue;
                        }
                        lastOwn = next.sequence();
                    }
                    return Optional.of(next);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AfsException(ErrorCode.CANCELLED, "interrupted while waiting for bus messages");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a frame of {@code bytes} that the transport is about to write (the encoding of the message
     * {@link #next} returned last, or a keepalive): it is held until {@link #taken} says the connection
     * took a later frame. Returns false, and writes nothing, when the stream has ended or this frame
     * would take the subscription past its byte bound (which ends it as too slow); {@link #next} then
     * throws why.
     */
    public boolean sending(long bytes) {
        lock.lock();
        try {
            if (ending != null && !endAfterQueued) {
                lastOwn = lastOwnBefore; // its message is not sent: the resume point must not pass it
                return false;
            }
            if (ending == null && heldBytes0() + bytes > limits.maxLagBytes()) {
                lastOwn = lastOwnBefore;
                lagged0("more than " + limits.maxLagBytes() + " bytes were waiting for it");
            } else {
                frames.add(bytes);
                frameBytes += held(bytes);
                return true;
            }
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
        return false;
    }

    /**
     * Records that the connection took the last frame written (the transport consumed it, so every
     * earlier frame has left the server): only that frame is still counted.
     */
    public void taken() {
        lock.lock();
        try {
            while (frames.size() > 1) {
                frameBytes += held(-frames.removeFirst());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a future that completes when the stream ends without anything left to send: the transport
     * should stop waiting for its reader and write the final error item ({@link #next} throws it).
     */
    public CompletableFuture<Void> whenStopped() {
        return stopped.copy();
    }

    /** Returns the bytes the server holds for this subscriber: replay page, live queue, frames in transport. */
    public long heldBytes() {
        lock.lock();
        try {
            return heldBytes0();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of messages (and frames) held for this subscriber. */
    public int heldMessages() {
        lock.lock();
        try {
            return replay.size() + live.size() + frames.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the next replayed message the filter selects, or null when the replay is over. */
    private BusMessage nextReplayed() {
        while (replayNext <= replayEnd) {
            BusMessage m;
            lock.lock();
            try {
                throwIfStopped();
                m = replay.poll();
                if (m != null) {
                    replayBytes += held(-weight(m));
                }
            } finally {
                lock.unlock();
            }
            if (m == null) {
                fetchReplay();
                continue;
            }
            replayNext = m.sequence() + 1;
            lastOwn = m.sequence();
            if (filter.matches(m.topic())) {
                return m;
            }
        }
        return null;
    }

    /** Reads the next replay page: as many messages as {@link BusSettings#replayPage()} allows. */
    private void fetchReplay() {
        BusLog.Slice s = log.read(caller.tenant(), session, replayNext - 1, replayEnd, limits.replayPage());
        if (s.record() == null) {
            fail(AfsException.notFound("session " + session + " was deleted"), false);
        } else if (s.messages().isEmpty()) {
            if (replayStarted) {
                lagged("messages it had not read yet fell out of retention");
            }
            replayNext = replayEnd + 1; // nothing retained in the range
            return;
        } else if (replayStarted && s.messages().getFirst().sequence() != replayNext) {
            lagged("messages it had not read yet fell out of retention");
        }
        long page = s.messages().stream().mapToLong(Subscription::weight).sum();
        lock.lock();
        try {
            throwIfStopped();
            if (ending == null && heldBytes0() + page > limits.maxLagBytes()) {
                lagged0("more than " + limits.maxLagBytes() + " bytes were waiting for it");
            } else {
                replayStarted = true; // the first read starts at the oldest retained message, wherever that is
                replay.addAll(s.messages());
                replayBytes += held(page);
                return;
            }
        } finally {
            lock.unlock();
        }
        onEnd.accept(this); // the caller's next check throws the ending
    }

    /** Throws the ending now unless it waits for the queued messages; used while replaying. */
    private void throwIfStopped() {
        if (ending != null && !endAfterQueued) {
            throw endError();
        }
    }

    /** Queues a live message (hub thread); returns false when the stream has ended or just overflowed. */
    boolean offer(BusMessage m) {
        long w = weight(m);
        lock.lock();
        try {
            if (ending != null) {
                return false;
            }
            if (live.size() + frames.size() >= limits.maxLagMessages()) {
                lagged0("more than " + limits.maxLagMessages() + " messages were waiting for it");
            } else if (heldBytes0() + w > limits.maxLagBytes()) {
                lagged0("more than " + limits.maxLagBytes() + " bytes were waiting for it");
            } else {
                live.add(m);
                liveBytes += held(w);
                changed.signalAll();
                return true;
            }
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
        return false;
    }

    /** Ends the stream with {@code error}, at once or after the messages already queued. */
    void fail(AfsException error, boolean afterQueued) {
        boolean ended;
        lock.lock();
        try {
            ended = end(error, afterQueued);
        } finally {
            lock.unlock();
        }
        if (ended) {
            onEnd.accept(this);
        }
    }

    /** Returns whether the stream has ended (it may still be handing out queued messages). */
    boolean ended() {
        lock.lock();
        try {
            return ending != null;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream as too slow because {@code why}: messages it should receive are gone or would not fit. */
    void lagged(String why) {
        boolean ended;
        lock.lock();
        try {
            ended = lagged0(why);
        } finally {
            lock.unlock();
        }
        if (ended) {
            onEnd.accept(this);
        }
    }

    private boolean lagged0(String why) {
        if (!end(new AfsException(ErrorCode.RESOURCE_EXHAUSTED, "slow subscriber"), false)) {
            return false;
        }
        lag = why;
        meters.slowSubscribers.incrementAndGet();
        return true;
    }

    /** Sets the ending (lock held); returns false if the stream had already ended. */
    private boolean end(AfsException error, boolean afterQueued) {
        if (ending != null) {
            return false;
        }
        ending = error;
        endAfterQueued = afterQueued;
        if (!afterQueued) {
            dropQueued(); // never delivered now: free them at once
        }
        if (!afterQueued || live.isEmpty()) {
            stopped.complete(null);
        }
        changed.signalAll();
        return true;
    }

    private void dropQueued() {
        live.clear();
        liveBytes += held(-liveBytes);
        replay.clear();
        replayBytes += held(-replayBytes);
    }

    private AfsException endError() {
        if (lag == null) {
            return ending;
        }
        return AfsException.of(
                Reason.SLOW_SUBSCRIBER,
                "this subscriber fell too far behind on session " + session + " (" + lag
                        + "); subscribe again with afterSequence=" + lastOwn,
                "afterSequence",
                Long.toString(lastOwn),
                "maxLagMessages",
                Integer.toString(limits.maxLagMessages()),
                "maxLagBytes",
                Long.toString(limits.maxLagBytes()));
    }

    private long heldBytes0() {
        return replayBytes + liveBytes + frameBytes;
    }

    /** Adds {@code delta} to the node's held bytes and returns it (lock held). */
    private long held(long delta) {
        meters.held(delta);
        return delta;
    }

    /** Returns what a message costs in memory: its payload and strings, and the objects around them. */
    static long weight(BusMessage m) {
        return m.payload().length
                + 2L
                        * (m.topic().length()
                                + m.contentType().length()
                                + m.publisher().length())
                + 96;
    }

    /**
     * Ends the stream (the transport is done with it, or the reader went away), leaves the hub and releases
     * everything still counted for it. Closing twice is harmless.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            end(new AfsException(ErrorCode.CANCELLED, "the subscription was closed"), false);
            endAfterQueued = false; // an ending that waited for queued messages now ends at once
            dropQueued();
            frames.clear();
            frameBytes += held(-frameBytes);
            stopped.complete(null);
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
    }
}
