package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.persistence.MergeRequest;
import io.aetherfs.service.session.CreateSession;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keys and values the session and commit services store, read straight from the metadata store: the
 * record kinds they use must keep the layout existing data directories hold (ARCHITECTURE.md, "Metadata").
 */
class StoredLayoutTest {
    private final InMemoryMetaStore meta = new InMemoryMetaStore();
    private final Fixture f = new Fixture(meta, BusSettings.DEFAULT);

    @AfterEach
    void close() {
        f.close();
    }

    private Optional<byte[]> stored(String key) {
        return meta.read(tx -> tx.get(Fixture.TENANT, key));
    }

    private List<KeyValue> storedUnder(String prefix) {
        return meta.read(tx -> tx.scan(Fixture.TENANT, KeyRange.prefix(prefix), 100));
    }

    private static byte[] count(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private Session create(Long ttlSeconds) {
        return f.services
                .sessions()
                .create(f.alice, new CreateSession(null, null, null, null, null, null, null, null, null, ttlSeconds))
                .session();
    }

    @Test
    void expiryIndexAndSessionCount_keepTheirKeysAndBytes() {
        Session timed = create(3600L);
        Session other = create(null);

        String ms = Long.toString(timed.settings().expiresAt().toEpochMilli());
        assertThat(storedUnder("ttl/")).singleElement().satisfies(kv -> {
            assertThat(kv.key())
                    .isEqualTo("ttl/" + "0".repeat(13 - ms.length()) + ms + "/"
                            + timed.id().value());
            assertThat(kv.value()).isEmpty();
        });
        assertThat(stored("meta/sessions"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(count(2)));

        f.services.sessions().delete(f.alice, timed.id());

        assertThat(storedUnder("ttl/")).isEmpty();
        assertThat(stored("meta/sessions"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(count(1)));
        assertThat(stored("s/" + other.id().value())).isPresent();
    }

    @Test
    void commitsAndMergeBases_keepTheirKeysAndBytes() {
        SessionId parent = f.newSession();
        f.write(parent, "a.txt", "one");
        SessionId child = f.services
                .sessions()
                .fork(f.alice, parent, Map.of(), Map.of(), "child")
                .session()
                .id();
        f.write(child, "b.txt", "two");

        Commit c = f.services.commits().commit(f.alice, child, "add b", null, false);
        f.services
                .merges()
                .merge(
                        f.alice,
                        new MergeRequest(
                                parent, child, TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), true, false, true, null));

        assertThat(stored("m/" + child.value() + "/" + c.id().value()))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(Json.write(c)));
        Session source = f.services.sessions().get(f.alice, child).session();
        assertThat(stored("mb/" + parent.value() + "/" + child.value())).hasValueSatisfying(v -> assertThat(v)
                .isEqualTo(source.head().root().toBytes()));
    }
}
