package io.aetherfs.server.http;

import io.aetherfs.server.grpc.GrpcServices;
import io.grpc.BindableService;
import java.util.List;

/**
 * The gRPC service implementations the JSON routes call in-process (spec §1: every HTTP route is bound to
 * a gRPC RPC and shares its implementation), in route-table order. Any implementation of a generated base
 * class fits (the server's, or a test fake); the routes come from each one's proto service.
 */
public record GrpcImpls(List<BindableService> all) {
    public GrpcImpls {
        all = List.copyOf(all);
    }

    /** Returns the server's own implementations. */
    public static GrpcImpls of(GrpcServices services) {
        return new GrpcImpls(services.all());
    }
}
