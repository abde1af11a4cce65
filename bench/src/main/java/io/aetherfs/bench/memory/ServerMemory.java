package io.aetherfs.bench.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the server process under test: resident set size and its peak from {@code /proc/<pid>},
 * and the JVM heap (used, committed, max) from the server's own {@code /metrics}.
 */
final class ServerMemory {
    private static final Pattern METRIC = Pattern.compile(
            "^(jvm_memory_(?:used|committed|max)_bytes)\\{([^}]*)}\\s+([-0-9.eE+]+)$", Pattern.MULTILINE);

    private final long pid;
    private final String metricsUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One reading, in bytes. */
    record Reading(long rss, long peakRss, long heapUsed, long heapCommitted, long heapMax) {}

    ServerMemory(long pid, String baseUrl) {
        this.pid = pid;
        this.metricsUrl = baseUrl + "/metrics";
    }

    /** Returns the current reading. */
    Reading read() {
        String status = readStatus();
        double[] heap = heap();
        return new Reading(kib(status, "VmRSS"), kib(status, "VmHWM"), (long) heap[0], (long) heap[1], (long) heap[2]);
    }

    /** Resets the peak resident set size, so the next reading's peak covers only what follows. */
    void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak RSS of pid " + pid + " (needs root)", e);
        }
    }

    private String readStatus() {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status"));
        } catch (IOException e) {
            throw new UncheckedIOException("the server process " + pid + " is gone", e);
        }
    }

    private static long kib(String status, String field) {
        Matcher m = Pattern.compile("^" + field + ":\\s+(\\d+) kB$", Pattern.MULTILINE)
                .matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in /proc/<pid>/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Returns heap used, committed and max summed over the heap pools (max: pools that declare one). */
    private double[] heap() {
        String text;
        try {
            text = http.send(
                            HttpRequest.newBuilder(URI.create(metricsUrl))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + metricsUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double[] out = new double[3];
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            if (!m.group(2).contains("area=\"heap\"")) {
                continue;
            }
            double v = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "jvm_memory_used_bytes" -> out[0] += v;
                case "jvm_memory_committed_bytes" -> out[1] += v;
                default -> out[2] += Math.max(0, v);
            }
        }
        return out;
    }
}
