package io.aetherfs.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Annotation counting from events alone (the annotations themselves live elsewhere). */
class TallyTest {
    private static final SessionId S = new SessionId("sess_01hv0000000000000000000000");
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    private long seq;

    private Event event(EventType type, Map<String, Object> details) {
        seq++;
        return new Event(
                new EventId("evt_01hv00000000000000000000" + String.format("%02d", seq)),
                S,
                seq,
                type,
                null,
                T.plusSeconds(seq),
                null,
                details);
    }

    @Test
    void annotations_addedInTheWindow_countOpenUntilResolved() {
        Tally t = new Tally(T);
        t.event(event(EventType.ANNOTATION_ADDED, Map.of("annotationId", "ann_1")));
        t.event(event(EventType.ANNOTATION_ADDED, Map.of("annotationId", "ann_2")));
        t.event(event(EventType.ANNOTATION_ADDED, Map.of("annotationId", "ann_3")));
        t.event(event(
                EventType.ANNOTATION_STATUS_CHANGED,
                Map.of("annotationId", "ann_1", "status", "ANNOTATION_STATUS_RESOLVED")));
        t.event(event(EventType.ANNOTATION_STATUS_CHANGED, Map.of("annotationId", "ann_2", "to", "RESOLVED")));
        t.event(event(EventType.ANNOTATION_STATUS_CHANGED, Map.of("annotationId", "ann_2", "to", "OPEN")));
        // an annotation added before the window: its status change does not count it
        t.event(event(
                EventType.ANNOTATION_STATUS_CHANGED,
                Map.of("annotationId", "ann_0", "status", "ANNOTATION_STATUS_RESOLVED")));

        SessionAnalytics a = t.result(S, T, T.plusSeconds(100));
        assertThat(a.annotationCount()).isEqualTo(3);
        assertThat(a.openAnnotationCount()).isEqualTo(2);
        assertThat(a.activeSeconds()).isEqualTo(6.0);
    }
}
