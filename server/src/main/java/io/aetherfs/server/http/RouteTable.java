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
import java.util.Map;

/**
 * Builds the {@code /v1} route table. The JSON routes come from the {@code google.api.http} option of
 * each RPC of the given implementations (with its additional bindings), so the protos stay the one source
 * of truth for paths, methods and which routes take a body. A streaming RPC with a binding (the bus
 * Subscribe) gets its hand-written streaming handler at the bound path; the HTTP-native raw routes (file
 * bytes, export, tarball sync, source upload) are added by hand.
 */
final class RouteTable {
    private RouteTable() {}

    /** Returns every route. */
    static List<Route> build(GrpcImpls impls, Services services, Idempotency idempotency) {
        List<Route> routes = new ArrayList<>();
        Map<String, Route.Handler> streams =
                Map.of("aetherfs.v1.MessageBusService/Subscribe", new BusRoutes(services)::subscribe);
        for (BindableService impl : impls.all()) {
            for (MethodDescriptor rpc : protoService(impl).getMethods()) {
                if (!rpc.getOptions().hasExtension(AnnotationsProto.http)) {
                    continue;
                }
                HttpRule rule = rpc.getOptions().getExtension(AnnotationsProto.http);
                if (rpc.isServerStreaming() || rpc.isClientStreaming()) {
                    String name = rpc.getService().getFullName() + "/" + rpc.getName();
                    Route.Handler stream = streams.get(name);
                    if (stream == null) {
                        throw new IllegalArgumentException(name + " streams but has no HTTP stream handler");
                    }
                    routes.add(Route.of(method(name, rule), path(rule), name, stream));
                    continue;
                }
                UnaryCall call = UnaryCall.of(impl, rpc);
                long maxBody = services.limits().maxJsonBodyBytes();
                add(routes, rule, call, maxBody, idempotency);
                for (HttpRule extra : rule.getAdditionalBindingsList()) {
                    add(routes, extra, call, maxBody, idempotency);
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
        routes.add(Route.of(
                HttpMethod.POST,
                "/v1/sources/{source_id}:upload",
                "http:UploadSourceArchive",
                new SourceRoutes(services)::upload));
        return routes;
    }

    private static void add(List<Route> routes, HttpRule rule, UnaryCall call, long maxBody, Idempotency idem) {
        HttpMethod method = method(call.fullName(), rule);
        String path = path(rule);
        if (!rule.getBody().isEmpty() && !rule.getBody().equals("*")) {
            throw new IllegalArgumentException(call.fullName() + ": only body \"*\" or none is supported");
        }
        boolean selfTimed = call.fullName().endsWith("/SetPosixLockBlocking");
        JsonRoute handler = new JsonRoute(call, rule.getBody().equals("*"), maxBody, idem, selfTimed);
        routes.add(Route.of(method, path, call.fullName(), handler));
    }

    private static HttpMethod method(String rpc, HttpRule rule) {
        return switch (rule.getPatternCase()) {
            case GET -> HttpMethod.GET;
            case POST -> HttpMethod.POST;
            case PUT -> HttpMethod.PUT;
            case PATCH -> HttpMethod.PATCH;
            case DELETE -> HttpMethod.DELETE;
            default -> throw new IllegalArgumentException(rpc + ": unsupported http rule " + rule);
        };
    }

    private static String path(HttpRule rule) {
        return switch (rule.getPatternCase()) {
            case GET -> rule.getGet();
            case POST -> rule.getPost();
            case PUT -> rule.getPut();
            case PATCH -> rule.getPatch();
            case DELETE -> rule.getDelete();
            default -> throw new IllegalArgumentException("unsupported http rule " + rule);
        };
    }

    private static ServiceDescriptor protoService(BindableService impl) {
        Object schema = impl.bindService().getServiceDescriptor().getSchemaDescriptor();
        if (schema instanceof ProtoServiceDescriptorSupplier s) {
            return s.getServiceDescriptor();
        }
        throw new IllegalArgumentException(impl.getClass() + " is not a protobuf service");
    }
}
