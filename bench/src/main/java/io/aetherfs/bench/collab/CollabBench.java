package io.aetherfs.bench.collab;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The driver of {@code bench/run-collab-bench}: issue 11's two benchmarks against one running afs-server
 * over HTTP. {@code bus}: publish-to-delivery p50/p99 at a fixed rate with several subscribers, beside the
 * round trip of a trivial read at the same rate; {@code cache}: knowledge-cache get/set rates beside 4 KiB
 * file read/write rates, at one concurrency. Writes the results as JSON and a Markdown table with the
 * ratios and the bus budget (p50 &lt; 5 ms, p99 &lt; 50 ms). Never a test: numbers depend on the machine.
 *
 * <p>Usage: {@code CollabBench --url URL --out FILE.json --md FILE.md [--phases bus,cache] [--rate 1000]
 * [--subscribers 10] [--concurrency 32] [--warmup 10] [--duration 20]}
 */
public final class CollabBench {
    private CollabBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of(
                "phases", "bus,cache",
                "rate", "1000",
                "subscribers", "10",
                "concurrency", "32",
                "warmup", "10",
                "duration", "20"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Http http = new Http(a.get("url"));
        int warmup = Integer.parseInt(a.get("warmup"));
        int duration = Integer.parseInt(a.get("duration"));
        ObjectNode json = Http.JSON.createObjectNode();
        List<String> md = new ArrayList<>();
        if (a.get("phases").contains("bus")) {
            int rate = Integer.parseInt(a.get("rate"));
            BusLatency.Result base = BusLatency.trivialRead(http, rate, warmup, duration);
            BusLatency.Result bus =
                    BusLatency.publishToDelivery(http, rate, Integer.parseInt(a.get("subscribers")), warmup, duration);
            json.set("bus", Http.JSON.valueToTree(List.of(bus, base)));
            md.add("| Bus (HTTP, NDJSON) | p50 ms | p99 ms | budget | same-run baseline: GET S round trip p50 / p99 ms"
                    + " | ratio p50 / p99 | delivered / expected | rate kept (bus / baseline), worst start lag ms"
                    + " | failed publishes |");
            md.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            md.add(String.format(
                    Locale.ROOT,
                    "| %d msg/s, %d subscribers, %d s | %.2f | %.2f | p50 < 5, p99 < 50: %s | %.2f / %.2f | %.1fx / %.1fx"
                            + " | %d / %d | %.0f / %.0f per s, %.0f / %.0f | %d |",
                    rate,
                    bus.subscribers(),
                    duration,
                    bus.p50Ms(),
                    bus.p99Ms(),
                    bus.p50Ms() < 5 && bus.p99Ms() < 50 ? "met" : "NOT met",
                    base.p50Ms(),
                    base.p99Ms(),
                    bus.p50Ms() / base.p50Ms(),
                    bus.p99Ms() / base.p99Ms(),
                    bus.received(),
                    bus.expected(),
                    bus.achievedPerSecond(),
                    base.achievedPerSecond(),
                    bus.maxLagMs(),
                    base.maxLagMs(),
                    bus.failures()));
            md.add("");
            System.out.println("bus " + bus);
            System.out.println("baseline " + base);
        }
        if (a.get("phases").contains("cache")) {
            List<ClosedLoop.Rate> rates =
                    CacheRates.run(http, Integer.parseInt(a.get("concurrency")), warmup, duration);
            json.set("cache", Http.JSON.valueToTree(rates));
            md.add("| Operation (4 KiB, concurrency " + a.get("concurrency") + ") | requests/s | p50 ms | p99 ms"
                    + " | failed | vs. the file baseline of the same run |");
            md.add("| --- | --- | --- | --- | --- | --- |");
            for (int i = 0; i < rates.size(); i++) {
                ClosedLoop.Rate r = rates.get(i);
                ClosedLoop.Rate file = rates.get(i % 2 == 0 ? i + 1 : i);
                md.add(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.2f | %.2f | %d | %s |",
                        r.op(),
                        r.perSecond(),
                        r.p50Ms(),
                        r.p99Ms(),
                        r.failures(),
                        r == file
                                ? "baseline"
                                : String.format(Locale.ROOT, "%.2fx", r.perSecond() / file.perSecond())));
                System.out.println("rate " + r);
            }
            md.add("");
        }
        Files.writeString(
                Path.of(a.get("out")),
                Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        Files.write(Path.of(a.get("md")), md);
        md.forEach(System.out::println);
    }
}
