package io.aetherfs.bench.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own request timings: the {@code afs_request_duration_seconds} histogram of {@code GET /metrics}
 * (Prometheus text, one series per transport, route, method and code; Micrometer's default buckets, whose
 * lowest bound is 1 ms). Two scrapes around a phase give that phase's requests by difference.
 */
final class ServerMetrics {
    private static final Pattern LINE =
            Pattern.compile("^afs_request_duration_seconds_(bucket|sum|count)\\{(.*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** One series: cumulative bucket counts by upper bound, the sum (seconds) and the count. */
    private static final class Series {
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        double sum;
        double count;
    }

    private record Key(String route, String method, String code) {}

    private final Map<Key, Series> series = new HashMap<>();

    private ServerMetrics() {}

    /** Scrapes {@code /metrics} now. */
    static ServerMetrics scrape(ApiClient api) {
        return parse(api.getText("/metrics"));
    }

    /** Scrapes {@code /metrics} of every node now and adds the series up, as if one server had answered. */
    static ServerMetrics scrape(List<ApiClient> nodes) {
        ServerMetrics total = new ServerMetrics();
        for (ApiClient node : nodes) {
            for (Map.Entry<Key, Series> e : scrape(node).series.entrySet()) {
                Series sum = total.series.computeIfAbsent(e.getKey(), k -> new Series());
                sum.sum += e.getValue().sum;
                sum.count += e.getValue().count;
                e.getValue().buckets.forEach((le, n) -> sum.buckets.merge(le, n, Double::sum));
            }
        }
        return total;
    }

    static ServerMetrics parse(String text) {
        ServerMetrics m = new ServerMetrics();
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(line.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            if (!"http".equals(labels.get("transport"))) {
                continue;
            }
            Series s = m.series.computeIfAbsent(
                    new Key(labels.get("route"), labels.get("method"), labels.get("code")), k -> new Series());
            double v = Double.parseDouble(line.group(3));
            switch (line.group(1)) {
                case "bucket" -> {
                    String le = labels.get("le");
                    s.buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), v);
                }
                case "sum" -> s.sum = v;
                default -> s.count = v;
            }
        }
        return m;
    }

    /**
     * The server-side timing of the successful requests of {@code method} on routes ending with
     * {@code routeSuffix} between {@code before} and {@code after}: count, mean and bucket-interpolated
     * percentiles, all in milliseconds.
     */
    static ServerTime between(ServerMetrics before, ServerMetrics after, String method, String routeSuffix) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double sum = 0;
        double count = 0;
        for (Map.Entry<Key, Series> e : after.series.entrySet()) {
            Key k = e.getKey();
            if (!k.method().equals(method)
                    || !k.route().endsWith(routeSuffix)
                    || !k.code().startsWith("2")) {
                continue;
            }
            Series a = e.getValue();
            Series b = before.series.getOrDefault(k, new Series());
            sum += a.sum - b.sum;
            count += a.count - b.count;
            for (Map.Entry<Double, Double> bucket : a.buckets.entrySet()) {
                double prior = b.buckets.getOrDefault(bucket.getKey(), 0.0);
                buckets.merge(bucket.getKey(), bucket.getValue() - prior, Double::sum);
            }
        }
        if (count <= 0) {
            return ServerTime.NONE;
        }
        return new ServerTime(
                (long) count,
                sum / count * 1e3,
                quantile(buckets, count, 0.50) * 1e3,
                quantile(buckets, count, 0.90) * 1e3,
                quantile(buckets, count, 0.99) * 1e3);
    }

    /** Prometheus' histogram_quantile: linear interpolation inside the bucket holding the rank. */
    private static double quantile(TreeMap<Double, Double> cumulative, double count, double q) {
        double rank = q * count;
        double lower = 0;
        double below = 0;
        List<Map.Entry<Double, Double>> list = new ArrayList<>(cumulative.entrySet());
        for (Map.Entry<Double, Double> b : list) {
            double upper = b.getKey();
            double n = b.getValue();
            if (n >= rank) {
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                double inBucket = n - below;
                return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
            lower = upper;
            below = n;
        }
        return lower;
    }
}
