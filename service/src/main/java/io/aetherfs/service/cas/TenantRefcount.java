package io.aetherfs.service.cas;

import io.aetherfs.core.gc.CasCensus;
import io.aetherfs.core.model.TenantId;

/** One live extent of a tenant and its reference count (spec §6.13 CasRefcount). */
public record TenantRefcount(TenantId tenant, CasCensus.Refcount refcount) {}
