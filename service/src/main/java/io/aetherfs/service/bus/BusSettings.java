package io.aetherfs.service.bus;

import java.time.Duration;

/**
 * The message bus limits of spec §12 and the tuning of its delivery: the largest payload, how many
 * messages each session keeps, how far behind a subscriber may fall before its stream is closed (in
 * messages, and in bytes the server holds for it), how often each node re-reads the sessions it serves
 * (notices may be lost, spec Notifier), and how often idle HTTP streams send a keepalive.
 */
public record BusSettings(
        long maxPayloadBytes,
        int retentionMessages,
        int maxLagMessages,
        long maxLagBytes,
        Duration pollInterval,
        Duration keepaliveInterval) {
    /** The largest {@code replayLimit} (spec §8.11); larger values are clamped. */
    public static final int MAX_REPLAY = 1000;

    /** What a message costs besides its payload (topic, content type, publisher, object headers), at most. */
    static final long MESSAGE_OVERHEAD = 1024;

    public static final BusSettings DEFAULT =
            new BusSettings(256 * 1024, 1000, 1000, 8L * 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(15));

    public BusSettings {
        if (maxPayloadBytes < 0 || retentionMessages < 1 || maxLagMessages < 1) {
            throw new IllegalArgumentException("bus limits must be positive");
        }
        if (maxLagBytes < minLagBytes(maxPayloadBytes)) {
            throw new IllegalArgumentException("the bus lag limit of " + maxLagBytes + " bytes must be at least "
                    + minLagBytes(maxPayloadBytes) + " (4 of the largest messages)");
        }
        if (pollInterval.isNegative()
                || pollInterval.isZero()
                || keepaliveInterval.isNegative()
                || keepaliveInterval.isZero()) {
            throw new IllegalArgumentException("bus intervals must be positive");
        }
    }

    /**
     * Returns the smallest lag limit in bytes that lets a reader keep up with the largest messages: two
     * frames in the transport (base64 in JSON takes 4/3 of the payload) and one queued behind them.
     */
    public static long minLagBytes(long maxPayloadBytes) {
        return 4 * (maxPayloadBytes + MESSAGE_OVERHEAD);
    }

    /** Returns these settings with the configured payload and retention limits. */
    public BusSettings withLimits(long maxPayloadBytes, int retentionMessages) {
        return new BusSettings(
                maxPayloadBytes, retentionMessages, maxLagMessages, maxLagBytes, pollInterval, keepaliveInterval);
    }

    /** Returns these settings with other slow-subscriber limits. */
    public BusSettings withLag(int maxLagMessages, long maxLagBytes) {
        return new BusSettings(
                maxPayloadBytes, retentionMessages, maxLagMessages, maxLagBytes, pollInterval, keepaliveInterval);
    }

    /** Returns these settings with other delivery intervals (tests shorten them). */
    public BusSettings withIntervals(Duration pollInterval, Duration keepaliveInterval) {
        return new BusSettings(
                maxPayloadBytes, retentionMessages, maxLagMessages, maxLagBytes, pollInterval, keepaliveInterval);
    }

    /**
     * Returns how many messages one replay read takes: as many of the largest messages as fit in a quarter
     * of {@link #maxLagBytes}, so a subscriber's replay page never crowds out its live messages.
     */
    int replayPage() {
        long fit = maxLagBytes / 4 / (maxPayloadBytes + MESSAGE_OVERHEAD);
        return (int) Math.clamp(fit, 1, BusLog.PAGE);
    }
}
