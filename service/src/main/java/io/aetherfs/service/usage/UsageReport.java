package io.aetherfs.service.usage;

import io.aetherfs.core.model.TenantId;
import java.time.Instant;

/** A tenant's usage over a window (spec §6.13 UsageReport); see {@link UsageReports} for definitions. */
public record UsageReport(
        TenantId tenantId,
        Instant startTime,
        Instant endTime,
        double sessionHours,
        long sessionsCreated,
        long peakActiveSessions,
        long logicalStorageBytes,
        long physicalStorageBytes,
        long ingressBytes,
        long egressBytes,
        long apiRequests) {}
