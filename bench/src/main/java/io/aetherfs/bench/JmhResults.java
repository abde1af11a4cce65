package io.aetherfs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of one or more JMH runs ({@code -rf json} files), looked up by benchmark and parameters. */
public final class JmhResults {
    /**
     * One benchmark result: mode, unit, mean score, the lowest and highest measurement iteration (NaN in
     * sample mode), percentiles (sample mode) and the number of samples.
     */
    public record Result(
            String mode,
            String unit,
            double score,
            double min,
            double max,
            Map<String, Double> percentiles,
            long samples) {
        /** Returns the median for sample mode, else the score. */
        public double p50() {
            return percentiles.getOrDefault("50.0", score);
        }

        public double p99() {
            return percentiles.getOrDefault("99.0", score);
        }
    }

    private record Key(String benchmark, Map<String, String> params) {}

    private final Map<Key, Result> results = new HashMap<>();

    /** Reads every file; a later result for the same benchmark and parameters replaces an earlier one. */
    public static JmhResults read(List<Path> files) throws IOException {
        JmhResults r = new JmhResults();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            for (JsonNode run : json.readTree(f.toFile())) {
                String name = run.get("benchmark").asText();
                String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                Map<String, String> params = new HashMap<>();
                if (run.has("params")) {
                    run.get("params")
                            .properties()
                            .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
                }
                JsonNode m = run.get("primaryMetric");
                Map<String, Double> pct = new HashMap<>();
                if (m.has("scorePercentiles")) {
                    m.get("scorePercentiles")
                            .properties()
                            .forEach(e -> pct.put(e.getKey(), e.getValue().asDouble()));
                }
                r.results.put(
                        new Key(shortName, params),
                        new Result(
                                run.get("mode").asText(),
                                m.get("scoreUnit").asText(),
                                m.get("score").asDouble(),
                                extreme(m, true),
                                extreme(m, false),
                                pct,
                                samples(m)));
            }
        }
        return r;
    }

    /** Returns the result of {@code benchmark} ("Class.method") run with exactly these parameters. */
    public Optional<Result> find(String benchmark, String... params) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return Optional.ofNullable(results.get(new Key(benchmark, p)));
    }

    /** Returns the lowest (or highest) per-iteration score of a non-sample run, NaN if there is none. */
    private static double extreme(JsonNode metric, boolean lowest) {
        double v = Double.NaN;
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode it : fork) {
                double x = it.asDouble();
                v = Double.isNaN(v) ? x : lowest ? Math.min(v, x) : Math.max(v, x);
            }
        }
        return v;
    }

    /** Counts the samples: histogram entries in sample mode, measurement iterations in other modes. */
    private static long samples(JsonNode metric) {
        long n = 0;
        JsonNode raw = metric.get("rawDataHistogram");
        if (raw == null) {
            for (JsonNode fork : metric.path("rawData")) {
                n += fork.size();
            }
            return n;
        }
        List<JsonNode> buckets = new ArrayList<>();
        raw.forEach(fork -> fork.forEach(iteration -> iteration.forEach(buckets::add)));
        for (JsonNode b : buckets) {
            n += b.get(1).asLong();
        }
        return n;
    }
}
