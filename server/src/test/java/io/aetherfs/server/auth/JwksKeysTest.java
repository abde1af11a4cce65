package io.aetherfs.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.TestClock;
import java.io.IOException;
import java.net.ConnectException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JwksKeysTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final RSAKey R1 = TestIdp.rsa("r1");
    private static final RSAKey R2 = TestIdp.rsa("r2");

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final TestIdp idp = new TestIdp();

    private JwksKeys start(JwksSource source, Duration refresh) {
        return JwksKeys.start(source, "https://idp.test/jwks.json", refresh, Duration.ofSeconds(30), clock);
    }

    @Test
    void start_unreachable_failsSayingWhereAndWhy() {
        assertThatThrownBy(() -> start(
                        () -> {
                            throw new ConnectException("Connection refused");
                        },
                        HOUR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot load the identity provider's key set from https://idp.test/jwks.json")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("does not start without it");
    }

    @Test
    void start_notAJwks_orNoUsableKey_fails() throws Exception {
        assertThatThrownBy(() -> start(() -> JWKSet.parse("{\"nokeys\":1}"), HOUR))
                .hasMessageContaining("it is not a JWKS");
        OctetSequenceKey oct =
                new OctetSequenceKey.Builder(new byte[32]).keyID("o1").build();
        RSAKey encryption = new RSAKey.Builder(R1.toRSAPublicKey())
                .keyID("enc")
                .keyUse(KeyUse.ENCRYPTION)
                .build();
        RSAKey noKid = new RSAKey.Builder(R1.toRSAPublicKey()).build();
        JWKSet unusable = new JWKSet(List.of(oct, encryption, noKid));

        assertThatThrownBy(() -> start(() -> unusable, HOUR))
                .hasMessageContaining("no usable signing key: none of its 3 keys");
    }

    @Test
    void find_knownKid_givesItsVerifier_andUnknownKidRefusesWithoutRefetch() {
        idp.publish(R1, TestIdp.ec("e1", Curve.P_256));
        try (JwksKeys keys = start(idp::published, HOUR)) {
            assertThat(keys.find("r1", JWSAlgorithm.RS512, false)).isInstanceOf(KeyLookup.Found.class);
            assertThat(keys.find("e1", JWSAlgorithm.ES256, false)).isInstanceOf(KeyLookup.Found.class);
            assertThat(keys.find("e1", JWSAlgorithm.ES384, false)).isInstanceOf(KeyLookup.Refused.class);
            assertThat(keys.find("r9", JWSAlgorithm.RS256, false))
                    .isInstanceOfSatisfying(KeyLookup.Refused.class, r -> assertThat(r.reason())
                            .contains("unknown kid \"r9\"", "https://idp.test/jwks.json"));
            assertThat(idp.reads()).isEqualTo(1);
        }
    }

    @Test
    void keyWithItsOwnAlg_fitsOnlyThatAlg() {
        RSAKey rs384Only = new RSAKey.Builder(R1.toPublicJWK())
                .algorithm(JWSAlgorithm.RS384)
                .build();
        try (JwksKeys keys = start(() -> new JWKSet(rs384Only), HOUR)) {
            assertThat(keys.find("r1", JWSAlgorithm.RS384, false)).isInstanceOf(KeyLookup.Found.class);
            assertThat(keys.find("r1", JWSAlgorithm.RS256, false))
                    .isInstanceOfSatisfying(
                            KeyLookup.Refused.class, r -> assertThat(r.reason()).contains("an RSA key for RS384"));
        }
    }

    @Test
    void refetch_isRateLimitedByTheClock() {
        idp.publish(R1);
        try (JwksKeys keys = start(idp::published, HOUR)) {
            assertThat(keys.refetch()).isEmpty(); // the startup read was just now

            clock.advance(Duration.ofSeconds(30));
            idp.publish(R1, R2);
            keys.refetch().orElseThrow().join();
            assertThat(keys.find("r2", JWSAlgorithm.RS256, false)).isInstanceOf(KeyLookup.Found.class);

            clock.advance(Duration.ofSeconds(29));
            assertThat(keys.refetch()).isEmpty();
            assertThat(idp.reads()).isEqualTo(2);
        }
    }

    @Test
    void refetch_inFlight_isShared() throws Exception {
        idp.publish(R1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean(false);
        JwksSource source = () -> {
            if (block.get()) {
                await(release);
            }
            return idp.published();
        };
        try (JwksKeys keys = start(source, HOUR)) {
            clock.advance(Duration.ofMinutes(1));
            block.set(true);

            CompletableFuture<Void> first = keys.refetch().orElseThrow();
            CompletableFuture<Void> second = keys.refetch().orElseThrow();
            release.countDown();

            assertThat(second).isSameAs(first);
            first.get(10, TimeUnit.SECONDS);
            assertThat(idp.reads()).isEqualTo(2);
        }
    }

    @Test
    void refresh_failure_keepsTheLastGoodKeys_andSuccessReplacesThem() {
        idp.publish(R1);
        AtomicBoolean down = new AtomicBoolean(false);
        JwksSource source = () -> {
            if (down.get()) {
                throw new IOException("HTTP 503: Service Unavailable");
            }
            return idp.published();
        };
        try (JwksKeys keys = start(source, HOUR)) {
            down.set(true);
            keys.refresh();
            assertThat(keys.find("r1", JWSAlgorithm.RS256, false)).isInstanceOf(KeyLookup.Found.class);

            down.set(false);
            idp.publish(R2);
            keys.refresh();
            assertThat(keys.kids()).containsExactly("r2");
            assertThat(keys.find("r1", JWSAlgorithm.RS256, false)).isInstanceOf(KeyLookup.Refused.class);
        }
    }

    @Test
    void refresh_runsOnSchedule() throws Exception {
        idp.publish(R1);
        try (JwksKeys keys = start(idp::published, Duration.ofMillis(50))) {
            idp.publish(R1, R2);
            Await.until(
                    Duration.ofSeconds(10),
                    "the scheduled refresh to find r2",
                    () -> keys.kids().contains("r2"),
                    keys::kids);
        }
    }

    @Test
    void reason_namesTheProblemWithoutClassNames() {
        assertThat(JwksKeys.reason(new ParseException("Missing required \"keys\" member", 0)))
                .isEqualTo("it is not a JWKS (Missing required \"keys\" member)");
        assertThat(JwksKeys.reason(new java.net.UnknownHostException("idp.invalid")))
                .isEqualTo("unknown host idp.invalid");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
