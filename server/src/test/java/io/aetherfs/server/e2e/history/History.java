package io.aetherfs.server.e2e.history;

import java.util.List;
import java.util.Map;

/**
 * Everything a run leaves for the checker: the recorded calls of every client, each session's event
 * log in sequence order, and what the server holds at the end (every session's manifest as a tree,
 * every checkpoint's exported tree). {@code roots} are the sessions the setup principal created
 * before the clients started; {@code raceSession} (may be null) is the one of the dedicated
 * expected-hash race.
 */
public record History(
        HistoryConfig config,
        List<Call> calls,
        Map<String, List<Event>> events,
        Map<String, Tree> finalTrees,
        Map<String, Tree> checkpointTrees,
        List<String> roots,
        String raceSession,
        String setupPrincipal) {}
