package io.aetherfs.server.logging;

import java.util.List;

/**
 * The MDC keys that log lines carry when set (spec §13.3), so every part of the server uses the same
 * names. Values are identifiers only: never tokens, secret values or file content.
 */
public final class LogFields {
    public static final String REQUEST_ID = "requestId";
    public static final String TENANT = "tenant";
    public static final String PRINCIPAL = "principal";
    public static final String CLIENT_NAME = "clientName";
    public static final String CLIENT_VERSION = "clientVersion";
    public static final String ROUTE = "route";
    public static final String CODE = "code";

    /** Every MDC key that JSON log lines include, in output order. */
    public static final List<String> MDC_KEYS =
            List.of(REQUEST_ID, TENANT, PRINCIPAL, CLIENT_NAME, CLIENT_VERSION, ROUTE, CODE);

    private LogFields() {}
}
