package io.aetherfs.server.e2e.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Checks a history a failing run dumped as JSON again, offline:
 * {@code -Dtest=HistoryReplayTest -Dafs.history.replay=server/target/history/history-<seed>.json}.
 */
class HistoryReplayTest {
    @Test
    @EnabledIfSystemProperty(named = "afs.history.replay", matches = ".+")
    void check_dumpedHistory_hasNoFindings() throws Exception {
        History h = HistoryJson.read(Path.of(System.getProperty("afs.history.replay")));

        Report r = Checker.check(h);

        System.out.println(r.describe(50));
        assertThat(r.findings()).as(r.describe(50)).isEmpty();
    }

    @Test
    void readBack_ofAWrittenHistory_checksTheSame(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SynthHistory s = new SynthHistory().root("sess_s");
        s.write(0, "sess_s", "a.txt", "v1", null, 0, 10);
        s.read(1, "sess_s", "a.txt", "v1", 20, 30);
        s.finalTree("sess_s", SynthHistory.files("a.txt", "v1"));
        Path f = dir.resolve("h.json");

        HistoryJson.write(s.build(), f);
        History back = HistoryJson.read(f);

        assertThat(back.calls()).hasSize(2);
        assertThat(back.calls().getFirst().op()).isInstanceOf(Op.Write.class);
        assertThat(Checker.check(back).get("reads checked")).isEqualTo(1);
        assertThat(Checker.check(back).ok()).isTrue();
    }
}
