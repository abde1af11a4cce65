package io.aetherfs.server.http;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.linecorp.armeria.common.HttpMethod;
import io.aetherfs.service.Services;
import io.grpc.BindableService;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code /v1} route table. The JSON routes come from the {@code google.api.http} option of
 * each RPC of the given implementations (with its additional bindings), so the protos stay the one source
 * of truth for paths, methods and which routes take a body; the HTTP-native raw routes (file bytes,
 * export, tarball sync) are added by hand.
 */
final class RouteTable {
    private RouteTable() {}

    /** Returns every route. */
    static List<Route> build(GrpcImpls impls, Services services, Idempotency idempotency) {
        List<Route> routes = new ArrayList<>();
        for (BindableService impl : impls.all()) {
            for (MethodDescriptor rpc : protoService(impl).getMethods()) {
                if (rpc.getOptions().hasExtension(AnnotationsProto.http)) {
                    HttpRule rule = rpc.getOptions().getExtension(AnnotationsProto.http);
                    UnaryCall call = UnaryCall.of(impl, rpc);
                    long maxBody = services.limits().maxJsonBodyBytes();
                    add(routes, rule, call, maxBody, idempotency);
                    for (HttpRule extra : rule.getAdditionalBindingsList()) {
                        add(routes, extra, call, maxBody, idempotency);
                    }
                }
            }
        }
        String files = "/v1/sessions/{session_id}/files";
        FileRoutes f = new FileRoutes(services);
        routes.add(Route.of(HttpMethod.GET, files, "http:ReadFile", f::read));
        routes.add(Route.of(HttpMethod.HEAD, files, "http:StatFile", f::read));
        routes.add(Route.of(HttpMethod.PUT, files, "http:WriteFile", f::write));
        ArchiveRoutes a = new ArchiveRoutes(services);
        routes.add(Route.of(HttpMethod.GET, "/v1/sessions/{session_id}:export", "http:Export", a::export));
        routes.add(Route.of(
                HttpMethod.POST, "/v1/sessions/{session_id}:syncFromTarball", "http:SyncFromTarball", a::sync));
        return routes;
    }

    private static void add(List<Route> routes, HttpRule rule, UnaryCall call, long maxBody, Idempotency idem) {
        HttpMethod method;
        String path;
        switch (rule.getPatternCase()) {
            case GET -> {
                method = HttpMethod.GET;
                path = rule.getGet();
            }
            case POST -> {
                method = HttpMethod.POST;
                path = rule.getPost();
            }
            case PUT -> {
                method = HttpMethod.PUT;
                path = rule.getPut();
            }
            case PATCH -> {
                method = HttpMethod.PATCH;
                path = rule.getPatch();
            }
            case DELETE -> {
                method = HttpMethod.DELETE;
                path = rule.getDelete();
            }
            default -> throw new IllegalArgumentException(call.fullName() + ": unsupported http rule " + rule);
        }
        if (!rule.getBody().isEmpty() && !rule.getBody().equals("*")) {
            throw new IllegalArgumentException(call.fullName() + ": only body \"*\" or none is supported");
        }
        boolean selfTimed = call.fullName().endsWith("/SetPosixLockBlocking");
        JsonRoute handler = new JsonRoute(call, rule.getBody().equals("*"), maxBody, idem, selfTimed);
        routes.add(Route.of(method, path, call.fullName(), handler));
    }

    private static ServiceDescriptor protoService(BindableService impl) {
        Object schema = impl.bindService().getServiceDescriptor().getSchemaDescriptor();
        if (schema instanceof ProtoServiceDescriptorSupplier s) {
            return s.getServiceDescriptor();
        }
        throw new IllegalArgumentException(impl.getClass() + " is not a protobuf service");
    }
}
