package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.SetAttributes;
import io.aetherfs.service.page.PageRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events file mutations record, now derived from their tree ops: the details a caller adds (unlink)
 * or replaces (a batch's attribute change) are exactly what they were when each service wrote its own.
 */
class FileEventsTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private static FsPath p(String s) {
        return FsPath.parse(s);
    }

    private Event last() {
        List<Event> all = f.services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items();
        return all.getLast();
    }

    @Test
    void deleteAndUnlink_nameTheRemovedType_andWhetherItWasAnUnlink() {
        f.write(id, "a", "x");
        f.write(id, "b", "y");

        f.services.namespace().deleteFile(f.alice, id, p("a"), null, null);
        assertThat(last().type()).isEqualTo(EventType.FILE_DELETED);
        assertThat(last().details()).isEqualTo(Map.of("type", "FILE", "unlink", false));

        f.services.namespace().unlink(f.alice, id, p("b"), null, null);
        assertThat(last().details()).isEqualTo(Map.of("type", "FILE", "unlink", true));
    }

    @Test
    void setAttributes_namesTheFieldsSet_whileABatchNamesTheSizeOnly() {
        f.write(id, "f", "0123456789");

        f.services.content().setAttributes(f.alice, id, new SetAttributes(p("f"), 0600, null, null, 4L, 7L), null);
        assertThat(last().type()).isEqualTo(EventType.ATTRIBUTES_CHANGED);
        assertThat(last().details()).isEqualTo(Map.of("mode", 0600, "size", 4, "mtime", 7));

        f.services
                .batches()
                .apply(
                        f.alice,
                        id,
                        List.of(new BatchOp.SetAttributes(p("f"), 0644, null, null, null, null, null)),
                        null);
        assertThat(last().type()).isEqualTo(EventType.ATTRIBUTES_CHANGED);
        assertThat(last().details()).isEqualTo(Map.of("size", -1));
    }

    @Test
    void rename_isRecordedAtItsDestination() {
        f.write(id, "from", "x");

        f.services.namespace().rename(f.alice, id, p("from"), p("to"), null, false, false, null);

        assertThat(last().type()).isEqualTo(EventType.PATH_RENAMED);
        assertThat(last().path()).isEqualTo("to");
        assertThat(last().details()).isEqualTo(Map.of("fromPath", "from", "toPath", "to", "exchange", false));
    }
}
