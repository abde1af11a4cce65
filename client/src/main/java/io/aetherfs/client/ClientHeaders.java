package io.aetherfs.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds the bearer token and the client identification headers to every call. */
final class ClientHeaders implements ClientInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CLIENT_NAME =
            Metadata.Key.of("x-aetherfs-client-name", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CLIENT_VERSION =
            Metadata.Key.of("x-aetherfs-client-version", Metadata.ASCII_STRING_MARSHALLER);

    private final String token;
    private final String clientName;
    private final String clientVersion;

    ClientHeaders(String token, String clientName, String clientVersion) {
        this.token = token;
        this.clientName = clientName;
        this.clientVersion = clientVersion;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(AUTHORIZATION, "Bearer " + token);
                headers.put(CLIENT_NAME, clientName);
                headers.put(CLIENT_VERSION, clientVersion);
                super.start(listener, headers);
            }
        };
    }
}
