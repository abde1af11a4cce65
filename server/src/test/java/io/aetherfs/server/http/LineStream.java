package io.aetherfs.server.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streamed HTTP response read line by line as it arrives (a real client of an SSE or NDJSON stream):
 * a reader thread queues each line, and tests take them with a timeout. {@link #END} marks the end.
 */
public final class LineStream implements AutoCloseable {
    /** Returned by {@link #line} once the server ended the response. */
    public static final String END = "\u0000end";

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LineStream(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().name("test-line-stream").start(this::read);
    }

    /** Sends {@code request} and returns its response, whose body is read as it streams. */
    public static LineStream open(HttpClient client, HttpRequest request) {
        try {
            return new LineStream(client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Returns the next line (without its newline), {@link #END}, or throws if none came within {@code wait}. */
    public String line(Duration wait) {
        try {
            String l = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new AssertionError("no line within " + wait);
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Returns the next Server-Sent Event as its fields (a comment line is field ""), or an empty map at
     * the end of the stream.
     */
    public Map<String, String> event(Duration wait) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (true) {
            String l = line(wait);
            if (l.equals(END)) {
                return fields;
            }
            if (l.isEmpty()) {
                if (!fields.isEmpty()) {
                    return fields;
                }
                continue;
            }
            int colon = l.indexOf(':');
            String name = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1).stripLeading();
            fields.merge(name, value, (a, b) -> a + "\n" + b);
        }
    }

    /** Returns every line that arrives until the end of the stream. */
    public List<String> rest(Duration wait) {
        List<String> out = new ArrayList<>();
        for (String l = line(wait); !l.equals(END); l = line(wait)) {
            out.add(l);
        }
        return out;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException e) {
            // closed by the test, or the connection dropped: either way the stream is over
        }
        lines.add(END);
    }

    /** Closes the response body, which disconnects from the server. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
