package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.cas.CasMetrics;
import io.aetherfs.service.cas.TenantRefcount;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CAS metrics and reference counts from a census of the tenant's live roots and stored extents. */
class CasStatsTest {
    private final Fixture f = new Fixture();
    private final Caller usage = new Caller(Fixture.TENANT, "ops", EnumSet.of(Scope.USAGE_READ), null, null);

    @AfterEach
    void close() {
        f.close();
    }

    private static String hash(String text) {
        return Hash.of(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

    @Test
    void metrics_countStoredLiveAndPendingExtents() {
        SessionId a = f.newSession();
        f.write(a, "x.txt", "hello");
        f.write(a, "y.txt", "hello"); // the same extent twice in one tree: one reference
        f.write(a, "w.txt", "garbage");
        f.write(a, "w.txt", "other"); // "garbage" stays live while its log row is unfolded
        f.services.checkpoints().create(f.alice, a, null, null); // flushes: "garbage" is unreferenced now
        SessionId b = f.services
                .sessions()
                .fork(f.alice, a, null, null, "b")
                .session()
                .id();
        f.write(b, "z.txt", "world");

        CasMetrics m = f.services.cas().metrics(usage, false);
        // hello (5) and other (5): session a, its checkpoint, fork b = 3 references each; world (5): 1
        assertThat(m.blobCount()).isEqualTo(4);
        assertThat(m.physicalBytes()).isEqualTo(5 + 7 + 5 + 5);
        assertThat(m.logicalBytes()).isEqualTo(5 * 3 + 5 * 3 + 5);
        assertThat(m.pendingGcBlobs()).isEqualTo(1);
        assertThat(m.pendingGcBytes()).isEqualTo(7);
        assertThat(m.dedupeRatio()).isEqualTo(35.0 / 15);
        assertThat(m.extentSizeBytes()).isEqualTo(4194304);

        Page<TenantRefcount> shared = f.services.cas().refcounts(usage, 2, false, new PageRequest(0, ""));
        assertThat(shared.items())
                .extracting(r -> r.refcount().hash().hex())
                .containsExactlyElementsOf(
                        List.of(hash("hello"), hash("other")).stream().sorted().toList());
        assertThat(shared.items())
                .allSatisfy(r -> assertThat(r.refcount().refCount()).isEqualTo(3));

        Page<TenantRefcount> first = f.services.cas().refcounts(usage, 0, false, new PageRequest(2, ""));
        assertThat(first.items()).hasSize(2);
        Page<TenantRefcount> rest =
                f.services.cas().refcounts(usage, 0, false, new PageRequest(2, first.nextPageToken()));
        assertThat(rest.items()).hasSize(1);
        assertThat(rest.nextPageToken()).isEmpty();
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> f.services.cas().refcounts(usage, 2, false, new PageRequest(2, first.nextPageToken())));
    }

    @Test
    void metrics_largeContentInTheBlobStore_isCounted() {
        SessionId a = f.newSession();
        f.write(a, "big.bin", "x".repeat(40_000));
        CasMetrics m = f.services.cas().metrics(usage, false);
        assertThat(m.blobCount()).isEqualTo(1);
        assertThat(m.physicalBytes()).isEqualTo(40_000);
        assertThat(m.logicalBytes()).isEqualTo(40_000);
        assertThat(m.dedupeRatio()).isEqualTo(1.0);
    }

    @Test
    void metrics_areReusedForAMinute() {
        SessionId a = f.newSession();
        f.write(a, "x.txt", "hello");
        CasMetrics first = f.services.cas().metrics(usage, false);
        f.write(a, "y.txt", "world");
        assertThat(f.services.cas().metrics(usage, false)).isEqualTo(first);
    }

    @Test
    void scopesAndTenants_areChecked() {
        SessionId a = f.newSession();
        f.write(a, "x.txt", "hello");
        Caller writer =
                new Caller(Fixture.TENANT, "w", EnumSet.of(Scope.SESSION_WRITE, Scope.SESSION_READ), null, null);
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services.cas().metrics(writer, false));
        Errors.code(
                ErrorCode.PERMISSION_DENIED,
                () -> f.services.cas().refcounts(writer, 0, false, new PageRequest(0, "")));
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services.cas().metrics(usage, true));
        Errors.code(
                ErrorCode.PERMISSION_DENIED, () -> f.services.cas().refcounts(usage, 0, true, new PageRequest(0, "")));

        assertThat(f.services.cas().metrics(f.mallory, false).blobCount()).isZero(); // another tenant sees nothing
        Caller admin = new Caller(Fixture.OTHER, "root", EnumSet.of(Scope.CLUSTER_ADMIN), null, null);
        assertThat(f.services.cas().metrics(admin, true).blobCount()).isEqualTo(1);
        assertThat(f.services
                        .cas()
                        .refcounts(admin, 0, true, new PageRequest(0, ""))
                        .items())
                .extracting(TenantRefcount::tenant)
                .containsExactly(Fixture.TENANT);
    }
}
