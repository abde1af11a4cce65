package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What {@link EdgeFuzzer} compares before and after a refused request, and how two such states differ. */
final class EdgeFuzzState {
    private EdgeFuzzState() {}

    /**
     * Everything a refused request must leave as it was: the ids of the tenant's sessions (a refused
     * create or fork adds none; sessions may still vanish when a TTL a case set runs out), and the main
     * fuzz session's record (but {@code updatedAt}, which the engine's background log folding moves), its
     * events (every change appends one: checkpoints, commits, merges, writes) and its manifest (for what
     * the fingerprint leaves out: mtime, ownership).
     */
    record State(Set<String> sessions, String main, String events, String manifest) {
        boolean unchangedSince(State before) {
            return before.sessions().containsAll(sessions)
                    && main.equals(before.main())
                    && events.equals(before.events())
                    && manifest.equals(before.manifest());
        }
    }

    /** Returns the state of the tenant and of session {@code main} as {@code api} sees it. */
    static State capture(ApiClient api, String mainId) {
        String main = "/v1/sessions/" + mainId;
        ApiClient.Reply session = api.get(main);
        Set<String> sessions = new java.util.TreeSet<>();
        ok(api.get("/v1/sessions?pageSize=1000"))
                .json()
                .path("sessions")
                .forEach(n -> sessions.add(n.path("id").asText()));
        if (session.status() != 200) {
            return new State(sessions, session.status() + "", "", "");
        }
        // updatedAt also moves when the engine folds an idle session's log in the background
        ObjectNode record = (ObjectNode) session.json();
        record.remove("updatedAt");
        // the pool is renewed every 40 cases, so one page holds every event and entry
        JsonNode events = ok(api.get(main + "/events?pageSize=1000")).json().path("events");
        StringBuilder manifest = new StringBuilder();
        for (JsonNode e : ok(api.get(main + "/manifest?pageSize=1000")).json().path("entries")) {
            manifest.append(e.path("path").asText())
                    .append('|')
                    .append(e.path("contentHash").asText())
                    .append('|')
                    .append(e.path("mode").asText())
                    .append('|')
                    .append(e.path("mtime").asText())
                    .append('|')
                    .append(e.path("uid").asText())
                    .append('|')
                    .append(e.path("gid").asText())
                    .append('\n');
        }
        return new State(
                sessions,
                record.toString(),
                events.size() + " ending "
                        + (events.isEmpty()
                                ? ""
                                : events.get(events.size() - 1).path("eventId").asText()),
                manifest.toString());
    }

    /** Returns what differs between two states, for a finding. */
    static String difference(State before, State after) {
        List<String> changed = new ArrayList<>();
        if (!before.sessions().containsAll(after.sessions())) {
            changed.add("the session list (new sessions)");
        }
        if (!before.main().equals(after.main())) {
            changed.add("the session record (" + fieldDifference(before.main(), after.main()) + ")");
        }
        if (!before.events().equals(after.events())) {
            changed.add("the events (" + before.events() + " -> " + after.events() + ")");
        }
        if (!before.manifest().equals(after.manifest())) {
            changed.add("the manifest");
        }
        return String.join(", ", changed);
    }

    /** Returns the top-level fields of two JSON objects that differ, as "name: before -> after". */
    private static String fieldDifference(String before, String after) {
        try {
            JsonNode a = ApiClient.JSON.readTree(before);
            JsonNode b = ApiClient.JSON.readTree(after);
            List<String> out = new ArrayList<>();
            Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!a.path(n).equals(b.path(n))) {
                    out.add(n + ": " + a.path(n) + " -> " + b.path(n));
                }
            }
            return String.join("; ", out);
        } catch (IOException e) {
            return EdgeFuzzer.abbreviate(before) + " -> " + EdgeFuzzer.abbreviate(after);
        }
    }
}
