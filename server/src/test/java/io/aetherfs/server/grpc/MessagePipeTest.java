package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
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
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                pipe.read();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(50);
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
