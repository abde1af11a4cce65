package io.aetherfs.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test identity provider: makes RSA and EC key pairs, signs tokens with them, and publishes the public
 * halves as a JWKS, in memory or over HTTP on 127.0.0.1 (a free port), where it can be taken down.
 */
public final class TestIdp implements AutoCloseable {
    public static final String ISSUER = "https://idp.test/";
    public static final String TENANT = "0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e13";

    private volatile JWKSet published = new JWKSet();
    private final AtomicInteger reads = new AtomicInteger();
    private HttpServer server;

    /** Returns a new 2048-bit RSA key pair with that kid. */
    public static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns a new EC key pair on {@code curve} with that kid. */
    public static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the public halves of {@code keys}, replacing what was published. */
    public void publish(JWK... keys) {
        published = new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList());
    }

    /** Returns the published key set. */
    public JWKSet published() {
        reads.incrementAndGet();
        return published;
    }

    /** Returns how often the key set was read, in memory or over HTTP. */
    public int reads() {
        return reads.get();
    }

    /** Starts serving the key set at {@code /jwks.json} on 127.0.0.1 and returns its URL. */
    public synchronized URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            byte[] body = published().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** Stops serving: the URL refuses connections from now on. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Returns claims of the provider's default shape: iss, tenant, sub, a space-separated scope, iat, exp. */
    public static ObjectNode claims(Instant iat, long lifetimeSecs, String scope) {
        return JwtClaims.JSON
                .createObjectNode()
                .put("iss", ISSUER)
                .put("aud", "aetherfs")
                .put("tenant", TENANT)
                .put("sub", "alice@example.com")
                .put("scope", scope)
                .put("iat", iat.getEpochSecond())
                .put("exp", iat.getEpochSecond() + lifetimeSecs);
    }

    /** Returns a token of {@code claims} signed by {@code key} with {@code alg}, its kid in the header. */
    public static String sign(JWK key, JWSAlgorithm alg, ObjectNode claims) {
        JWSHeader header = new JWSHeader.Builder(alg)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(claims.toString()));
        try {
            jws.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }

    /** Returns the kids of the published set. */
    public List<String> kids() {
        return published.getKeys().stream().map(JWK::getKeyID).toList();
    }
}
