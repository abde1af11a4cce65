package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A history as one JSON file, so a failing run can be checked again offline (for instance after a
 * change to the checker): {@code HistoryReplayTest} re-checks the file named by
 * {@code -Dafs.history.replay=<path>}. Trees keep content hashes only, not bytes.
 */
public final class HistoryJson {
    private static final ObjectMapper MAPPER = mapper();

    private HistoryJson() {}

    public static void write(History h, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), h);
    }

    public static History read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), History.class);
    }

    private static ObjectMapper mapper() {
        SimpleModule trees = new SimpleModule()
                .addSerializer(Tree.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Tree t, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeStartObject();
                        for (Map.Entry<String, Tree.Node> e : t.entries().entrySet()) {
                            g.writeStringField(e.getKey(), e.getValue() instanceof Tree.File f ? f.hash() : "/");
                        }
                        g.writeEndObject();
                    }
                })
                .addDeserializer(Tree.class, new JsonDeserializer<>() {
                    @Override
                    public Tree deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        JsonNode n = p.readValueAsTree();
                        Map<String, Tree.Node> m = new LinkedHashMap<>();
                        n.properties()
                                .forEach(e -> m.put(
                                        e.getKey(),
                                        e.getValue().asText().equals("/")
                                                ? Tree.DIR
                                                : new Tree.File(e.getValue().asText(), null)));
                        return Tree.of(m);
                    }
                });
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(trees)
                .addMixIn(Op.class, OpTypes.class);
    }

    /** The JSON names of the operations. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Op.Write.class, name = "write"),
        @JsonSubTypes.Type(value = Op.Patch.class, name = "patch"),
        @JsonSubTypes.Type(value = Op.Delete.class, name = "delete"),
        @JsonSubTypes.Type(value = Op.Rename.class, name = "rename"),
        @JsonSubTypes.Type(value = Op.Mkdir.class, name = "mkdir"),
        @JsonSubTypes.Type(value = Op.Rmdir.class, name = "rmdir"),
        @JsonSubTypes.Type(value = Op.Batch.class, name = "batch"),
        @JsonSubTypes.Type(value = Op.Fork.class, name = "fork"),
        @JsonSubTypes.Type(value = Op.Checkpoint.class, name = "checkpoint"),
        @JsonSubTypes.Type(value = Op.Restore.class, name = "restore"),
        @JsonSubTypes.Type(value = Op.Commit.class, name = "commit"),
        @JsonSubTypes.Type(value = Op.Merge.class, name = "merge"),
        @JsonSubTypes.Type(value = Op.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = Op.ReadFile.class, name = "readFile"),
        @JsonSubTypes.Type(value = Op.ReadManifest.class, name = "readManifest"),
        @JsonSubTypes.Type(value = Op.ReadSession.class, name = "readSession")
    })
    private interface OpTypes {}
}
