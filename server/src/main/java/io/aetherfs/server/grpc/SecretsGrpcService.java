package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.DeleteSecretRequest;
import io.aetherfs.proto.v1.GetSecretRequest;
import io.aetherfs.proto.v1.ListSecretsRequest;
import io.aetherfs.proto.v1.ListSecretsResponse;
import io.aetherfs.proto.v1.PutSecretRequest;
import io.aetherfs.proto.v1.Secret;
import io.aetherfs.proto.v1.SecretRef;
import io.aetherfs.proto.v1.SecretScope;
import io.aetherfs.proto.v1.SecretsServiceGrpc;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.page.Page;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC SecretsService (spec §8.13, §9.5, §10), also behind the HTTP secret routes. A value is copied
 * into the GetSecret response and nowhere else: requests and responses are never logged.
 */
public final class SecretsGrpcService extends SecretsServiceGrpc.SecretsServiceImplBase {
    private static final String SCOPE_PREFIX = "SECRET_SCOPE_";

    private final Services services;

    public SecretsGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void listSecrets(ListSecretsRequest req, StreamObserver<ListSecretsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            Page<io.aetherfs.service.secrets.SecretRef> page = services.secrets()
                    .list(caller, Wire.session(req.getSessionId()), Wire.page(req.getPageSize(), req.getPageToken()));
            return ListSecretsResponse.newBuilder()
                    .addAllSecrets(
                            page.items().stream().map(SecretsGrpcService::ref).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getSecret(GetSecretRequest req, StreamObserver<Secret> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            io.aetherfs.service.secrets.Secret s =
                    services.secrets().get(caller, Wire.session(req.getSessionId()), req.getSecretName());
            return Secret.newBuilder()
                    .setName(s.name().value())
                    .setScope(scope(s.scope()))
                    .setValue(ByteString.copyFrom(s.value()))
                    .setCreatedAt(ProtoTimes.of(s.createdAt()))
                    .setUpdatedAt(ProtoTimes.of(s.updatedAt()))
                    .setUpdatedBy(s.updatedBy())
                    .build();
        });
    }

    @Override
    public void putSecret(PutSecretRequest req, StreamObserver<SecretRef> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return ref(services.secrets()
                    .put(
                            caller,
                            Wire.session(req.getSessionId()),
                            req.getSecretName(),
                            scope(req.getScope()),
                            req.getValue().toByteArray()));
        });
    }

    @Override
    public void deleteSecret(DeleteSecretRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.secrets()
                    .delete(caller, Wire.session(req.getSessionId()), req.getSecretName(), scope(req.getScope()));
            return Wire.EMPTY;
        });
    }

    private static SecretRef ref(io.aetherfs.service.secrets.SecretRef r) {
        return SecretRef.newBuilder()
                .setName(r.name().value())
                .setScope(scope(r.scope()))
                .setUpdatedAt(ProtoTimes.of(r.updatedAt()))
                .build();
    }

    private static SecretScope scope(io.aetherfs.service.secrets.SecretScope s) {
        return EnumMapping.toProto(s, SCOPE_PREFIX, SecretScope.class);
    }

    private static io.aetherfs.service.secrets.SecretScope scope(SecretScope s) {
        return EnumMapping.toCoreOrNull(
                s, SCOPE_PREFIX, io.aetherfs.service.secrets.SecretScope.class, "scope", ErrorCode.INVALID_ARGUMENT);
    }
}
