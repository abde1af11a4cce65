package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.error.AfsException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies PostgreSQL failures (by SQLSTATE) and turns them into {@link AfsException}s whose messages
 * say where the database is (hosts, database, user; never the password) and what to check, without SQL
 * text or stored values.
 */
final class PgErrors {
    /** What a failure means for the transaction that hit it. */
    enum Kind {
        /** A serialization failure or deadlock: nothing was committed, running the body again may succeed. */
        CONFLICT,
        /** The connection could not be opened or broke: the server is down, unreachable or refusing us. */
        CONNECTION,
        /** Anything else the server or driver reported. */
        OTHER
    }

    private PgErrors() {}

    /** Returns the kind of {@code e}, looking through batch wrappers at the server's own error. */
    static Kind classify(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return Kind.CONNECTION; // the pool found no connection in time
        }
        String state = state(e);
        if (state == null) {
            return Kind.OTHER;
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return Kind.CONFLICT;
        }
        if (state.startsWith("08") // connection exception
                || state.startsWith("28") // invalid authorization
                || state.equals("3D000") // the database does not exist
                || state.equals("53300") // too many connections
                || state.startsWith("57P")) { // the server is shutting down, restarting or not ready
            return Kind.CONNECTION;
        }
        return Kind.OTHER;
    }

    /** Returns the UNAVAILABLE error for {@code e}, met while {@code action} ("committing") on {@code where}. */
    static AfsException unavailable(String where, String action, SQLException e) {
        SQLException root = root(e);
        String state = state(e);
        String message = "PostgreSQL metadata store at " + where + " unavailable while " + action + ": "
                + describe(root) + (state == null ? "" : " (SQLSTATE " + state + ")");
        if (classify(e) == Kind.CONNECTION) {
            message += ". Check storage.postgres_url, that the server is running and accepts connections from"
                    + " this host, and the role's credentials";
        }
        return AfsException.unavailable(message, root);
    }

    /** Returns the ABORTED error of a write that kept conflicting with concurrent writers for {@code attempts}. */
    static AfsException aborted(String where, int attempts, SQLException last) {
        return AfsException.concurrentUpdate(
                "the metadata transaction conflicted with concurrent writers on " + where + " " + attempts
                        + " times in a row; retry the request",
                root(last));
    }

    /** Returns the error for any use of a closed store or notifier. */
    static AfsException closed(String what) {
        return AfsException.unavailable("the PostgreSQL " + what + " is closed", null);
    }

    /**
     * Returns the exception that describes the failure itself: a batch failure's own message quotes the
     * statement with its parameter values, so the server error it wraps is used instead.
     */
    static SQLException root(SQLException e) {
        SQLException r = e;
        while (r instanceof BatchUpdateException && r.getNextException() != null) {
            r = r.getNextException();
        }
        if (r instanceof BatchUpdateException b) {
            SQLException clean = new SQLException("a batched statement failed", b.getSQLState());
            clean.setStackTrace(b.getStackTrace());
            return clean;
        }
        return r;
    }

    private static String state(SQLException e) {
        SQLException r = root(e);
        if (r.getSQLState() != null) {
            return r.getSQLState();
        }
        return r.getCause() instanceof SQLException cause ? cause.getSQLState() : null;
    }

    private static String describe(SQLException root) {
        if (root instanceof SQLTransientConnectionException) {
            // The pool's own message only counts connections; the reason is the last connect failure.
            return root.getCause() == null
                    ? "every pooled connection stayed busy past the pool timeout (storage.postgres_max_connections)"
                    : "no connection within the pool timeout: "
                            + firstLine(root.getCause().getMessage());
        }
        return firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
