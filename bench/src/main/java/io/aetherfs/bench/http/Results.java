package io.aetherfs.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one phase of the HTTP benchmark measured; written as JSON next to the JMH results of the run. */
record Results(List<Latency> latency, List<Throughput> throughput, Map<String, String> notes) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Results() {
        this(new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    static Results read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Results.class);
    }

    /** Adds everything {@code other} holds; for the same operation and size, or run name, the newer wins. */
    void merge(Results other) {
        for (Latency l : other.latency) {
            latency.removeIf(x -> x.op().equals(l.op()) && x.files() == l.files());
            latency.add(l);
        }
        for (Throughput t : other.throughput) {
            throughput.removeIf(x -> x.name().equals(t.name()));
            throughput.add(t);
        }
        notes.putAll(other.notes);
    }
}
