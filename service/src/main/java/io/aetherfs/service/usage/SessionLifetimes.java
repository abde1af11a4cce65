package io.aetherfs.service.usage;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.model.Session;

/** Keeps the lifetime of a deleted session for usage reports (spec §6.13 sessionHours, sessionsCreated). */
public final class SessionLifetimes {
    private SessionLifetimes() {}

    /** Records, in the change that deletes {@code s}, that it existed until now. */
    public static void ended(ChangeContext ctx, Session s) {
        ctx.records(UsageRecords.ENDED, null)
                .put(new EndedSession(s.id(), s.origin().createdAt(), ctx.now()));
    }
}
