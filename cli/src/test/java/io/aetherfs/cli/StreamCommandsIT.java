package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.PublishRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code afs events tail} and {@code afs bus tail}: the log so far, then live items, as lines or NDJSON. */
class StreamCommandsIT extends CliFixture {
    @Test
    void eventsTail_noFollow_printsTheLogInOrder() {
        String s = newSession("events");
        put(s, "a.txt", "A");

        CliRun r = afs("events", "tail", s, "--no-follow");
        CliRun typed = afs("events", "tail", s, "--no-follow", "--type", "file_written", "--output", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).first().asString().startsWith("1  ").contains("SESSION_CREATED");
        assertThat(r.out()).contains("FILE_WRITTEN", "a.txt");
        assertThat(typed.out().lines()).hasSize(1).first().asString().contains("\"EVENT_TYPE_FILE_WRITTEN\"");
    }

    @Test
    void eventsTail_follows_newEventsUntilTheLimit() throws Exception {
        String s = newSession("follow");
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(
                () -> afs("events", "tail", s, "--limit", "3", "--interval", "50", "--output", "json"));

        put(s, "a.txt", "A");
        put(s, "b.txt", "B");
        CliRun r = tail.get(60, TimeUnit.SECONDS);

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(new ObjectMapper().readTree(lines.get(2)).get("path").asText())
                .isEqualTo("b.txt");
    }

    @Test
    void eventsTail_badType_exitsTwo() {
        String s = newSession("bad-type");

        assertThat(afs("events", "tail", s, "--type", "nap").exit()).isEqualTo(2);
    }

    @Test
    void busTail_printsReplayedThenLiveMessages() throws Exception {
        String s = newSession("bus");
        publish(s, "tests:unit", "first");
        CompletableFuture<CliRun> tail =
                CompletableFuture.supplyAsync(() -> afs("bus", "tail", s, "--replay", "10", "--limit", "2"));

        io.aetherfs.testkit.Await.until(Duration.ofSeconds(30), "the live message to be tailed", () -> {
            publish(s, "tests:unit", "second");
            try {
                return tail.get(200, TimeUnit.MILLISECONDS).exit() == 0;
            } catch (Exception e) {
                return false;
            }
        });
        CliRun r = tail.get();

        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out()).contains("1  ", "tests:unit", "first", "second");
    }

    @Test
    void busTail_json_isOneMessagePerLine_andTopicsFilter() throws Exception {
        String s = newSession("bus-json");
        publish(s, "builds:ci", "skip me");
        publish(s, "tests:unit", "keep me");

        CliRun r = afs("bus", "tail", s, "--after", "0", "--topic", "tests:*", "--limit", "1", "--output", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        var msg = new ObjectMapper().readTree(r.out().strip());
        assertThat(msg.get("topic").asText()).isEqualTo("tests:unit");
        assertThat(msg.get("sequence").asLong()).isEqualTo(2);
    }

    @Test
    void busTail_unknownSession_exitsThree() {
        CliRun r = afs("bus", "tail", "sess_01jzzzzzzzzzzzzzzzzzzzzzzz", "--limit", "1");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    }

    private static void publish(String session, String topic, String text) {
        client.bus()
                .publish(PublishRequest.newBuilder()
                        .setSessionId(session)
                        .setTopic(topic)
                        .setPayload(ByteString.copyFromUtf8(text))
                        .build());
    }
}
