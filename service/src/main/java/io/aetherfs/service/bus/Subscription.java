package io.aetherfs.service.bus;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One subscriber's stream of bus messages (spec §8.11): first the replay, read page by page from the
 * store as the transport asks for it, then the live messages the node's {@link BusHub} hands over.
 * Live messages wait in a queue of at most {@code maxLag}; one more ends the stream with
 * RESOURCE_EXHAUSTED, so a slow reader never holds up the hub or other subscribers. Every stream ends
 * with an error: the session was archived (SESSION_NOT_ACTIVE) or deleted (NOT_FOUND), the reader was
 * too slow (RESOURCE_EXHAUSTED), the server is shutting down (UNAVAILABLE) or it was closed (CANCELLED).
 *
 * <p>One transport thread consumes a subscription ({@link #next}); the hub thread feeds it.
 */
public final class Subscription implements AutoCloseable {
    final Caller caller;
    final SessionId session;
    final TopicFilter filter;
    final BusScope scope;
    private final BusLog log;
    private final int maxLag;
    private final Consumer<Subscription> onClose;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<BusMessage> live = new ArrayDeque<>();
    private AfsException ending;
    private boolean endAfterQueued;
    private boolean lagged;

    /** Replay state, touched only by the consumer thread. */
    private final Deque<BusMessage> replay = new ArrayDeque<>();

    private long replayNext;
    private long replayEnd;
    private boolean replayStarted;
    /** The last own-session sequence handed out; live own messages at or below it are dropped. */
    private long lastOwn;

    Subscription(
            Caller caller,
            SessionId session,
            TopicFilter filter,
            BusScope scope,
            BusLog log,
            int maxLag,
            Consumer<Subscription> onClose) {
        this.caller = caller;
        this.session = session;
        this.filter = filter;
        this.scope = scope;
        this.log = log;
        this.maxLag = maxLag;
        this.onClose = onClose;
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
        BusMessage m = nextReplayed();
        if (m != null) {
            return Optional.of(m);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (ending != null && (!endAfterQueued || live.isEmpty())) {
                    throw lagged ? lagError() : ending;
                }
                BusMessage next = live.poll();
                if (next != null) {
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

    /** Returns the next replayed message the filter selects, or null when the replay is over. */
    private BusMessage nextReplayed() {
        while (replayNext <= replayEnd) {
            if (replay.isEmpty()) {
                fetchReplay();
                if (replayNext > replayEnd) {
                    return null;
                }
            }
            BusMessage m = replay.poll();
            replayNext = m.sequence() + 1;
            lastOwn = m.sequence();
            if (filter.matches(m.topic())) {
                return m;
            }
        }
        return null;
    }

    private void fetchReplay() {
        endIfStopped();
        BusLog.Slice s = log.read(caller.tenant(), session, replayNext - 1, replayEnd);
        if (s.record() == null) {
            fail(AfsException.notFound("session " + session + " was deleted"), false);
            endIfStopped();
        }
        if (s.messages().isEmpty()) {
            if (replayStarted) {
                lagged(); // retention dropped the rest while this reader was behind
                endIfStopped();
            }
            replayNext = replayEnd + 1; // nothing retained in the range
            return;
        }
        long first = s.messages().getFirst().sequence();
        if (replayStarted && first != replayNext) {
            lagged();
            endIfStopped();
        }
        replayStarted = true; // the first read starts at the oldest retained message, wherever that is
        replay.addAll(s.messages());
    }

    /** Throws the ending now unless it waits for the queued messages; used while replaying. */
    private void endIfStopped() {
        lock.lock();
        try {
            if (ending != null && !endAfterQueued) {
                throw lagged ? lagError() : ending;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a live message (hub thread); returns false when the stream has ended or just overflowed. */
    boolean offer(BusMessage m) {
        lock.lock();
        try {
            if (ending != null) {
                return false;
            }
            if (live.size() >= maxLag) {
                lagged();
                return false;
            }
            live.add(m);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream with {@code error}, at once or after the messages already queued. */
    void fail(AfsException error, boolean afterQueued) {
        lock.lock();
        try {
            if (ending == null) {
                ending = error;
                endAfterQueued = afterQueued;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
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

    /** Ends the stream as too slow: messages it should have received are gone or would not fit. */
    void lagged() {
        lock.lock();
        try {
            if (ending == null) {
                lagged = true;
                fail(new AfsException(ErrorCode.RESOURCE_EXHAUSTED, "slow subscriber"), false);
            }
        } finally {
            lock.unlock();
        }
    }

    private AfsException lagError() {
        return new AfsException(
                ErrorCode.RESOURCE_EXHAUSTED,
                "this subscriber fell more than " + maxLag + " messages behind on session " + session
                        + "; subscribe again with afterSequence=" + lastOwn);
    }

    /** Ends the stream (the reader went away) and leaves the hub. Closing twice is harmless. */
    @Override
    public void close() {
        fail(new AfsException(ErrorCode.CANCELLED, "the subscription was closed"), false);
        onClose.accept(this);
    }
}
