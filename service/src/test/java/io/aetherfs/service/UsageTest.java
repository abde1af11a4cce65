package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.usage.UsageReport;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tenant usage: session lifetimes (deleted sessions included), storage, and metered traffic. */
class UsageTest {
    private final Fixture f = new Fixture();
    private final Instant t0 = f.clock.instant();
    private final Caller ops = new Caller(Fixture.TENANT, "ops", EnumSet.of(Scope.USAGE_READ), null, null);

    @AfterEach
    void close() {
        f.close();
    }

    private UsageReport usage(long fromMinutes, long toMinutes) {
        return f.services
                .usage()
                .get(ops, t0.plus(Duration.ofMinutes(fromMinutes)), t0.plus(Duration.ofMinutes(toMinutes)));
    }

    @Test
    void sessions_countWhileTheyExist_deletedOnesToo() {
        SessionId a = f.newSession();
        f.clock.advance(Duration.ofHours(1));
        SessionId b = f.newSession();
        f.write(b, "x.txt", "hello");
        f.clock.advance(Duration.ofHours(1));
        f.services.sessions().delete(f.alice, a);
        f.clock.advance(Duration.ofHours(1));

        UsageReport all = usage(0, 180);
        assertThat(all.tenantId()).isEqualTo(Fixture.TENANT);
        assertThat(all.sessionHours()).isEqualTo(4.0);
        assertThat(all.sessionsCreated()).isEqualTo(2);
        assertThat(all.peakActiveSessions()).isEqualTo(2);
        assertThat(all.physicalStorageBytes()).isEqualTo(5);
        assertThat(all.logicalStorageBytes()).isEqualTo(5);

        UsageReport late = usage(150, 180);
        assertThat(late.sessionHours()).isEqualTo(0.5);
        assertThat(late.sessionsCreated()).isZero();
        assertThat(late.peakActiveSessions()).isEqualTo(1);

        UsageReport before = usage(-60, 0);
        assertThat(before.sessionHours()).isZero();
        assertThat(before.peakActiveSessions()).isZero();

        UsageReport defaults = f.services.usage().get(ops, null, null);
        assertThat(defaults.endTime()).isEqualTo(f.clock.instant());
        assertThat(defaults.startTime()).isEqualTo(f.clock.instant().minus(Duration.ofDays(30)));
        assertThat(defaults.sessionsCreated()).isEqualTo(2);
    }

    @Test
    void traffic_isCountedInMemoryAndFlushedOnceByHour() {
        f.services.usageMeter().record(Fixture.TENANT, 100, 200);
        f.services.usageMeter().record(Fixture.TENANT, 10, 20);
        f.services.usageMeter().record(Fixture.OTHER, 1000, 1000);

        UsageReport unflushed = usage(0, 60);
        assertThat(unflushed.ingressBytes()).isEqualTo(110);
        assertThat(unflushed.egressBytes()).isEqualTo(220);
        assertThat(unflushed.apiRequests()).isEqualTo(2);

        f.services.usageMeter().flush();
        f.services.usageMeter().flush(); // nothing new: nothing added twice
        assertThat(usage(0, 60)).isEqualTo(unflushed);
        f.clock.advance(Duration.ofHours(2));
        f.services.usageMeter().record(Fixture.TENANT, 1, 1);
        f.services.usageMeter().flush();
        assertThat(usage(0, 60).apiRequests()).isEqualTo(2);
        assertThat(usage(0, 180).apiRequests()).isEqualTo(3);
        assertThat(usage(130, 140).apiRequests()).isEqualTo(1); // the hour that overlaps counts whole
    }

    @Test
    void scopesAndWindows_areChecked() {
        Caller user = new Caller(Fixture.TENANT, "u", EnumSet.of(Scope.SESSION_READ, Scope.SESSION_WRITE), null, null);
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services.usage().get(user, null, null));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> usage(10, 10));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> usage(10, 5));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> f.services.usage().get(ops, null, Instant.ofEpochSecond(-(1L << 54))));
    }
}
