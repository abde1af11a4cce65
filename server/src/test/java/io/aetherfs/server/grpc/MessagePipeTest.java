package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.aetherfs.testkit.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MessagePipeTest {
    private final AtomicInteger taken = new AtomicInteger();
    private final MessagePipe pipe = new MessagePipe(2, taken::incrementAndGet);

    @Test
    void read_returnsTheMessagesInOrder_andCountsEachTake() throws Exception {
        pipe.put(ByteString.copyFromUtf8("ab"));
        pipe.put(ByteString.EMPTY);
        pipe.finish();
        assertThat(new String(pipe.readAllBytes())).isEqualTo("ab");
        assertThat(taken).hasValue(2);
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void fail_wakesAWaitingReader_andEveryLaterRead() throws Exception {
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread reading = Thread.ofPlatform().start(() -> {
            try {
                pipe.read();
                reader.complete(null);
            } catch (IOException e) {
                reader.complete(e);
            }
        });
        Await.until(
                Duration.ofSeconds(10),
                "the reader blocked on the empty pipe",
                () -> reading.getState() == Thread.State.WAITING,
                reading::getState);
        pipe.fail(new IOException("the client cancelled"));
        assertThat(reader.get(5, TimeUnit.SECONDS)).hasMessage("the client cancelled");
        assertThatThrownBy(pipe::read).hasMessage("the client cancelled");
    }

    @Test
    void fail_beatsQueuedData() {
        pipe.put(ByteString.copyFromUtf8("x"));
        pipe.put(ByteString.copyFromUtf8("y"));
        pipe.fail(new IOException("gone"));
        assertThatThrownBy(pipe::read).hasMessage("gone");
    }

    @Test
    void afterClose_furtherMessagesAreDropped() {
        pipe.close();
        pipe.put(ByteString.copyFromUtf8("x"));
        pipe.put(ByteString.copyFromUtf8("y"));
        pipe.put(ByteString.copyFromUtf8("z")); // would block on a full pipe if it were not dropped
        pipe.finish();
        assertThat(taken).hasValue(0);
    }
}
