package io.aetherfs.core.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.aetherfs.core.model.AnnotationId;
import io.aetherfs.core.model.ApprovalId;
import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.EventId;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.LockId;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * The JSON encoding of persisted records and write-ahead log ops: ids, hashes, paths and instants
 * are plain strings; unknown fields are ignored so older servers can read records written by newer ones.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(module())
            // generated accessors instead of reflection: records are written on the group-commit thread
            .addModule(new BlackbirdModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /** Returns the shared mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Returns the UTF-8 JSON of a value. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the value of {@code type} encoded in {@code json}. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt stored " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static SimpleModule module() {
        SimpleModule m = new SimpleModule("aetherfs");
        string(m, Hash.class, Hash::hex, Hash::parse);
        string(m, FsPath.class, FsPath::value, FsPath::parse);
        string(m, SessionId.class, SessionId::value, SessionId::new);
        string(m, CheckpointId.class, CheckpointId::value, CheckpointId::new);
        string(m, CommitId.class, CommitId::value, CommitId::new);
        string(m, ApprovalId.class, ApprovalId::value, ApprovalId::new);
        string(m, AnnotationId.class, AnnotationId::value, AnnotationId::new);
        string(m, EventId.class, EventId::value, EventId::new);
        string(m, LockId.class, LockId::value, LockId::new);
        string(
                m,
                io.aetherfs.core.model.SourceId.class,
                io.aetherfs.core.model.SourceId::value,
                io.aetherfs.core.model.SourceId::new);
        string(
                m,
                io.aetherfs.core.model.RevisionId.class,
                io.aetherfs.core.model.RevisionId::value,
                io.aetherfs.core.model.RevisionId::new);
        string(
                m,
                io.aetherfs.core.model.UploadId.class,
                io.aetherfs.core.model.UploadId::value,
                io.aetherfs.core.model.UploadId::new);
        string(m, io.aetherfs.core.spi.JobId.class, io.aetherfs.core.spi.JobId::value, io.aetherfs.core.spi.JobId::new);
        string(m, TenantId.class, TenantId::value, TenantId::new);
        string(m, Instant.class, Instant::toString, Instant::parse);
        return m;
    }

    private static <T> void string(SimpleModule m, Class<T> type, Function<T, String> out, Function<String, T> in) {
        m.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(out.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return in.apply(p.getValueAsString());
            }
        });
    }
}
