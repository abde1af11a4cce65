package io.aetherfs.service.bus;

import java.util.List;

/**
 * What a subscriber asks for (spec §8.11): topic patterns (empty: all), the scope, and where replay
 * starts: after {@code afterSequence} when it is given (null: not given), else the last
 * {@code replayLimit} retained messages (0: none, clamped to {@link BusSettings#MAX_REPLAY}).
 */
public record SubscribeOptions(List<String> topics, BusScope scope, int replayLimit, Long afterSequence) {
    public SubscribeOptions {
        topics = topics == null ? List.of() : List.copyOf(topics);
        scope = scope == null ? BusScope.SESSION_ONLY : scope;
    }

    /** Live messages of one session on every topic, without replay. */
    public static final SubscribeOptions LIVE = new SubscribeOptions(List.of(), BusScope.SESSION_ONLY, 0, null);
}
