package io.aetherfs.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aetherfs.bench.http.HttpReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the steps of {@link MemoryBench} into the Markdown table of docs/BENCHMARKS.md: per step the
 * server's RSS, the step's peak RSS and the heap, and the two figures the budgets are about: the highest
 * RSS of the run against the server's heap bound, and the RSS growth per idle session against 1 MiB.
 *
 * <p>Usage: {@code MemoryReport --json memory.json --heap HEAP --out results.md [--update BENCHMARKS.md]}
 */
public final class MemoryReport {
    static final String BEGIN = "<!-- memory-results:begin -->";
    static final String END = "<!-- memory-results:end -->";

    private MemoryReport() {}

    public static void main(String[] args) throws IOException {
        Path json = null;
        Path out = null;
        Path update = null;
        String heap = "?";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--update" -> update = Path.of(args[++i]);
                case "--heap" -> heap = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String text = render(new ObjectMapper().readTree(json.toFile()), heap);
        Files.writeString(out, text);
        if (update != null) {
            HttpReport.replaceSection(update, BEGIN, END, text);
        }
    }

    static String render(JsonNode steps, String heap) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Server started by `bin/afs-server` with heap %s on the embedded stores; figures in MiB.%n%n",
                heap));
        md.append("| phase | step | time | RSS after | peak RSS in the step | heap used / committed / max |\n");
        md.append("| --- | --- | ---: | ---: | ---: | --- |\n");
        long maxPeak = 0;
        long heapMax = 0;
        Long sessionsBefore = null;
        Long sessionsAfter = null;
        long heapBefore = 0;
        long heapAfter = 0;
        long sessions = 0;
        for (JsonNode s : steps) {
            long peak = s.get("peakRssBytes").asLong();
            maxPeak = Math.max(maxPeak, peak);
            heapMax = Math.max(heapMax, s.get("heapMaxBytes").asLong());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f s | %,d | %,d | %,d / %,d / %,d |%n",
                    s.get("phase").asText(),
                    s.get("step").asText(),
                    s.get("seconds").asDouble(),
                    s.get("rssBytes").asLong() >> 20,
                    peak >> 20,
                    s.get("heapUsedBytes").asLong() >> 20,
                    s.get("heapCommittedBytes").asLong() >> 20,
                    s.get("heapMaxBytes").asLong() >> 20));
            String step = s.get("step").asText();
            if (s.get("phase").asText().equals("sessions")) {
                if (step.startsWith("before")) {
                    sessionsBefore = s.get("rssBytes").asLong();
                    heapBefore = s.get("heapUsedBytes").asLong();
                } else if (step.contains("idle sessions")) {
                    sessionsAfter = s.get("rssBytes").asLong();
                    heapAfter = s.get("heapUsedBytes").asLong();
                    sessions =
                            Long.parseLong(step.substring(0, step.indexOf(' ')).replace(",", ""));
                }
            }
        }
        md.append(String.format(
                Locale.ROOT,
                "%n**Highest RSS of the run: %,d MiB** with a heap bound of %,d MiB (%.2f× the heap: the heap plus"
                        + " metaspace, code cache, thread stacks and Netty's direct buffers).%n",
                maxPeak >> 20,
                heapMax >> 20,
                heapMax == 0 ? 0 : (double) maxPeak / heapMax));
        if (sessionsBefore != null && sessionsAfter != null && sessions > 0) {
            double perSession = (double) (sessionsAfter - sessionsBefore) / sessions;
            md.append(String.format(
                    Locale.ROOT,
                    "**RSS growth per idle session: %.1f KiB** (%,d sessions; budget < 1 MiB, ratio %.3f); live"
                            + " heap per idle session after a full GC: %.1f KiB.%n",
                    perSession / 1024,
                    sessions,
                    perSession / (1 << 20),
                    (double) (heapAfter - heapBefore) / sessions / 1024));
        }
        return md.toString();
    }
}
