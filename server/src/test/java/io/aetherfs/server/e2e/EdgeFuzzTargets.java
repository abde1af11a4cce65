package io.aetherfs.server.e2e;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What {@link EdgeFuzzer} drives: every {@code aetherfs.v1} service the running server lists through
 * gRPC reflection, each of its RPCs over gRPC and each {@code google.api.http} binding (with its
 * additional bindings) as a JSON route, exactly as the server's route table is generated from the same
 * options; the HTTP-native raw routes, which the route table adds by hand, are listed here by hand too;
 * and a handful of hand-made gRPC frames (truncated, oversize, wrongly flagged).
 */
final class EdgeFuzzTargets {
    private EdgeFuzzTargets() {}

    /** One thing to fuzz. */
    sealed interface Target {
        String name();
    }

    /** A JSON route bound to a unary RPC. */
    record JsonRoute(String method, String template, boolean body, Descriptor request, String rpc) implements Target {
        @Override
        public String name() {
            return method + " " + template;
        }
    }

    /** An HTTP-native raw route. */
    record RawRoute(String method, String template) implements Target {
        @Override
        public String name() {
            return method + " " + template + " (raw)";
        }
    }

    /** An RPC called over gRPC with a generated (and often broken) request message. */
    record Rpc(MethodDescriptor method) implements Target {
        @Override
        public String name() {
            return "gRPC " + method.getService().getName() + "/" + method.getName();
        }
    }

    /** A gRPC request whose framing or headers are broken (see {@link EdgeFuzzGrpc#frame}). */
    record Frame(int variant) implements Target {
        @Override
        public String name() {
            return "gRPC frame #" + variant;
        }
    }

    /** Returns every target of the server on {@code port}. */
    static List<Target> discover(int port) {
        List<Target> targets = new ArrayList<>();
        for (ServiceDescriptor service : services(port)) {
            for (MethodDescriptor m : service.getMethods()) {
                targets.add(new Rpc(m));
                if (!m.getOptions().hasExtension(AnnotationsProto.http)
                        || m.isServerStreaming()
                        || m.isClientStreaming()) {
                    continue; // streamed routes (bus subscribe) never end by themselves; their RPC is fuzzed
                }
                HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
                targets.add(json(rule, m));
                for (HttpRule extra : rule.getAdditionalBindingsList()) {
                    targets.add(json(extra, m));
                }
            }
        }
        String files = "/v1/sessions/{session_id}/files";
        targets.add(new RawRoute("GET", files));
        targets.add(new RawRoute("HEAD", files));
        targets.add(new RawRoute("PUT", files));
        targets.add(new RawRoute("GET", "/v1/sessions/{session_id}:export"));
        targets.add(new RawRoute("POST", "/v1/sessions/{session_id}:syncFromTarball"));
        for (int v = 0; v < EdgeFuzzGrpc.FRAME_VARIANTS; v++) {
            targets.add(new Frame(v));
        }
        return targets;
    }

    private static JsonRoute json(HttpRule rule, MethodDescriptor m) {
        String method =
                switch (rule.getPatternCase()) {
                    case GET -> "GET";
                    case POST -> "POST";
                    case PUT -> "PUT";
                    case PATCH -> "PATCH";
                    case DELETE -> "DELETE";
                    default -> throw new IllegalArgumentException(m.getFullName() + ": " + rule);
                };
        String template =
                switch (rule.getPatternCase()) {
                    case GET -> rule.getGet();
                    case POST -> rule.getPost();
                    case PUT -> rule.getPut();
                    case PATCH -> rule.getPatch();
                    default -> rule.getDelete();
                };
        return new JsonRoute(method, template, rule.getBody().equals("*"), m.getInputType(), m.getFullName());
    }

    /** Returns the aetherfs.v1 services the server lists through reflection, as compiled descriptors. */
    private static List<ServiceDescriptor> services(int port) {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            CompletableFuture<List<String>> names = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> call = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse r) {
                            names.complete(r.getListServicesResponse().getServiceList().stream()
                                    .map(ServiceResponse::getName)
                                    .toList());
                        }

                        @Override
                        public void onError(Throwable t) {
                            names.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {}
                    });
            call.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            List<String> listed = names.get(30, TimeUnit.SECONDS);
            call.onCompleted();
            List<ServiceDescriptor> out = new ArrayList<>();
            for (String name : listed) {
                if (name.startsWith("aetherfs.v1.")) {
                    out.add(compiled(name));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("the server lists no aetherfs.v1 service: " + listed);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the server's services", e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Returns the compiled descriptor of service {@code aetherfs.v1.X} (class {@code io.aetherfs.proto.v1.XGrpc}). */
    private static ServiceDescriptor compiled(String fullName) throws ReflectiveOperationException {
        String simple = fullName.substring(fullName.lastIndexOf('.') + 1);
        Class<?> grpc = Class.forName("io.aetherfs.proto.v1." + simple + "Grpc");
        io.grpc.ServiceDescriptor d = (io.grpc.ServiceDescriptor)
                grpc.getMethod("getServiceDescriptor").invoke(null);
        return ((ProtoServiceDescriptorSupplier) d.getSchemaDescriptor()).getServiceDescriptor();
    }
}
