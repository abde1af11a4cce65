package io.aetherfs.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
    @Test
    void parse_hostAndPort_splitsAtLastColon() {
        assertThat(HostPort.parse("127.0.0.1:8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(HostPort.parse("localhost:0")).isEqualTo(new HostPort("localhost", 0));
    }

    @Test
    void parse_bracketedIpv6_keepsLiteralWithoutBrackets() {
        HostPort hp = HostPort.parse("[::1]:9090");
        assertThat(hp.host()).isEqualTo("::1");
        assertThat(hp.port()).isEqualTo(9090);
        assertThat(hp).hasToString("[::1]:9090");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"nope", ":8080", "host:", "host:http", "host:65536", "::1:80", "[::1:80", "a b:80", "host:-1"})
    void parse_malformed_fails(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
