package io.aetherfs.store.sql.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A parsed {@code storage.postgres_url}: where the database is, and the credentials kept apart from it, so
 * the JDBC URL handed to the driver (and shown by Flyway, the pool and error messages) never holds the
 * password.
 *
 * @param hosts one or more {@code host[:port]}, comma-separated
 * @param database the database name
 * @param user the role to log in as, or null for the driver's default
 * @param password the password, or null
 * @param params the remaining query parameters, still encoded ({@code name=value})
 */
record PostgresUrl(String hosts, String database, String user, String password, List<String> params) {
    private static final List<String> PREFIXES = List.of("jdbc:postgresql://", "postgresql://", "postgres://");

    /** Returns the parts of {@code url}; throws IllegalArgumentException, never quoting the URL, if malformed. */
    static PostgresUrl parse(String url) {
        String rest = null;
        for (String prefix : PREFIXES) {
            if (url.startsWith(prefix)) {
                rest = url.substring(prefix.length());
                break;
            }
        }
        if (rest == null) {
            throw new IllegalArgumentException(
                    "storage.postgres_url must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        List<String> params = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.startsWith("user=")) {
                user = decode(param.substring(5));
            } else if (param.startsWith("password=")) {
                password = decode(param.substring(9));
            } else if (!param.isEmpty()) {
                params.add(param);
            }
        }
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        if (authority.contains("/") || authority.contains(" ")) {
            throw new IllegalArgumentException("storage.postgres_url has a malformed host list");
        }
        if (database.isEmpty()) {
            database = user != null && !user.isEmpty() ? user : "postgres";
        }
        return new PostgresUrl(authority, database, emptyToNull(user), password, List.copyOf(params));
    }

    /** Returns the JDBC URL without credentials. */
    String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://")
                .append(hosts)
                .append('/')
                .append(encode(database));
        if (!params.isEmpty()) {
            sb.append('?').append(String.join("&", params));
        }
        return sb.toString();
    }

    /** Returns "host:port/database as user", for messages and logs. */
    String describe() {
        return hosts + "/" + database + (user == null ? "" : " as " + user);
    }

    /**
     * Returns a driver data source for this database whose connections identify themselves as
     * {@code applicationName} (visible in {@code pg_stat_activity}) and fail instead of hanging when the
     * server goes away. Parameters given in the URL win over these defaults.
     */
    PGSimpleDataSource dataSource(PostgresSettings settings, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl());
        if (!hasParam("ApplicationName")) {
            ds.setApplicationName(applicationName);
        }
        if (!hasParam("connectTimeout")) {
            ds.setConnectTimeout(seconds(settings.connectTimeout().toMillis()));
        }
        if (!hasParam("loginTimeout")) {
            ds.setLoginTimeout(seconds(settings.connectTimeout().toMillis()));
        }
        if (!hasParam("socketTimeout")) {
            ds.setSocketTimeout(seconds(settings.socketTimeout().toMillis()));
        }
        if (!hasParam("tcpKeepAlive")) {
            ds.setTcpKeepAlive(true);
        }
        if (!hasParam("prepareThreshold")) {
            // Server-prepare every statement at once: the same few statements run all the time, and
            // prepared statements receive bytea values in binary rather than as hex text.
            ds.setPrepareThreshold(1);
        }
        // The server's "Detail:" lines quote key and value bytes; keep them out of exception messages.
        ds.setLogServerErrorDetail(false);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    private boolean hasParam(String name) {
        return params.stream().anyMatch(p -> p.startsWith(name + "="));
    }

    @Override
    public String toString() {
        return describe();
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Decodes %XX escapes (a '+' stays a '+', as in URIs). */
    private static String decode(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '-' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
