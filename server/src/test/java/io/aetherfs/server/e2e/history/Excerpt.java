package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A filtered view of a history for a report: the calls and events of one session that concern one
 * path (or all of the session when no path is known), merged in time order.
 */
final class Excerpt {
    private Excerpt() {}

    /** Returns the excerpt around a finding, at most {@code max} lines. */
    static String of(History h, Finding f, int max) {
        String session = f.session() != null
                ? f.session()
                : f.call() != null ? f.call().op().session() : null;
        if (session == null) {
            return "";
        }
        String path = path(f);
        record Line(java.time.Instant at, String text) {}
        List<Line> lines = new ArrayList<>();
        for (Call c : h.calls()) {
            boolean touches = c.op().session().equals(session)
                    || (c.op() instanceof Op.Merge m && m.source().equals(session));
            if (touches && (path == null || mentions(c.op(), path))) {
                lines.add(new Line(c.startWall(), "call  " + c.describe()));
            }
        }
        for (Event e : h.events().getOrDefault(session, List.of())) {
            if (path == null
                    || e.path().equals(path)
                    || e.path().isEmpty()
                    || e.details().toString().contains(path)) {
                lines.add(new Line(e.at(), "event " + e.describe()));
            }
        }
        lines.sort(Comparator.comparing(Line::at));
        // centred on the finding: its event's time, else its call's start
        java.time.Instant centre = f.call() != null ? f.call().startWall() : null;
        for (Event e : h.events().getOrDefault(session, List.of())) {
            if (e.seq() == f.seq()) {
                centre = e.at();
            }
        }
        int mid = lines.size();
        for (int i = 0; i < lines.size() && centre != null; i++) {
            if (!lines.get(i).at().isBefore(centre)) {
                mid = i;
                break;
            }
        }
        int from = Math.max(0, Math.min(mid - max / 2, lines.size() - max));
        StringBuilder sb = new StringBuilder("history of " + session + (path == null ? "" : " for " + path) + ":");
        lines.stream().skip(from).limit(max).forEach(l -> sb.append("\n  ").append(l.text()));
        return sb.toString();
    }

    private static String path(Finding f) {
        if (f.call() == null) {
            return null;
        }
        return switch (f.call().op()) {
            case Op.Write w -> w.path();
            case Op.Patch p -> p.path();
            case Op.Delete d -> d.path();
            case Op.ReadFile r -> r.path();
            case Op.Mkdir m -> m.path();
            case Op.Rmdir r -> r.path();
            default -> null;
        };
    }

    private static boolean mentions(Op op, String path) {
        return switch (op) {
            case Op.Write w -> w.path().equals(path);
            case Op.Patch p -> p.path().equals(path);
            case Op.Delete d -> d.path().equals(path);
            case Op.ReadFile r -> r.path().equals(path);
            case Op.Rename r ->
                r.from().equals(path)
                        || r.to().equals(path)
                        || path.startsWith(r.from() + "/")
                        || path.startsWith(r.to() + "/");
            case Op.Batch b -> b.steps().stream().anyMatch(s -> mentions(s, path));
            case Op.Mkdir m -> path.startsWith(m.path() + "/") || m.path().equals(path);
            case Op.Rmdir r -> path.startsWith(r.path() + "/") || r.path().equals(path);
            default -> true;
        };
    }
}
