package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.error.AfsException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into UNAVAILABLE errors whose messages name the fault, never SQL or values. */
final class SqliteErrors {
    private SqliteErrors() {}

    /** Returns the UNAVAILABLE error for {@code e}, raised while doing {@code action} ("committing"). */
    static AfsException unavailable(String action, SQLException e) {
        String code = e instanceof SQLiteException se ? se.getResultCode().name() : "SQL_ERROR";
        return AfsException.unavailable(
                "metadata store unavailable while " + action + ": " + describe(code) + " (" + code + ")", e);
    }

    /** Returns the error for any use of a closed store. */
    static AfsException closed() {
        return AfsException.unavailable("the SQLite metadata store is closed", null);
    }

    private static String describe(String code) {
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
            return "the database stayed locked by another connection past the busy timeout";
        }
        if (code.startsWith("SQLITE_IOERR")) {
            return "an I/O error on the database file";
        }
        if (code.startsWith("SQLITE_FULL")) {
            return "the disk is full";
        }
        if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB")) {
            return "the database file is damaged";
        }
        if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_PERM")) {
            return "the database file is not writable";
        }
        if (code.startsWith("SQLITE_CANTOPEN")) {
            return "the database file cannot be opened";
        }
        return "the database reported an error";
    }
}
