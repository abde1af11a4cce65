/**
 * The public gRPC API, package {@code aetherfs.v1} (spec §10): one {@code *GrpcService} per proto service,
 * each RPC a thin handler that parses the request, calls one service method and maps the result, with
 * errors mapped once by {@link io.aetherfs.server.api.ErrorStatus}. {@link io.aetherfs.server.grpc.GrpcApi}
 * serves them on Armeria, and the HTTP layer calls the same objects in-process.
 */
package io.aetherfs.server.grpc;
