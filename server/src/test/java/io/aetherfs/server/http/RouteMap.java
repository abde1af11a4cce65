package io.aetherfs.server.http;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.BindableService;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The route map of {@code docs/ARCHITECTURE.md}, generated from the code: one row per HTTP route of the
 * real {@link RouteTable} (JSON routes come from the protos' {@code google.api.http} options, so grepping
 * Java for a path finds nothing) and per gRPC method without a route, naming the RPC, the transport
 * handler that serves it and the service methods that handler calls ({@link ServiceCalls}).
 */
final class RouteMap {
    /** One row: route ("—" for gRPC only), RPC ("—" for HTTP-native), handler and service calls. */
    record Row(String route, String rpc, String handler, Set<String> calls) {
        String markdown() {
            return "| " + code(route) + " | " + code(rpc) + " | " + code(handler) + " | "
                    + String.join(", ", calls.stream().map(RouteMap::code).toList()) + " |";
        }
    }

    private RouteMap() {}

    /**
     * Returns the rows of {@code routes} served by {@code impls}, then of the gRPC methods no JSON route
     * serves through their gRPC implementation (gRPC-only methods, and the gRPC side of HTTP streams).
     */
    static List<Row> rows(List<Route> routes, GrpcImpls impls) {
        ServiceCalls calls = new ServiceCalls();
        List<Row> rows = new ArrayList<>();
        Set<String> routed = new HashSet<>();
        for (Route r : routes) {
            String route = r.method() + " " + r.path().label();
            if (!(r.handler() instanceof JsonRoute)) {
                // an HTTP-native handler (raw bytes, or a stream), passed to RouteTable as a method reference
                String[] target = calls.methodReferenceAfter(RouteTable.class, "build", r.operation());
                String owner = target[0].substring(target[0].lastIndexOf('/') + 1);
                Set<String> called = calls.of(classOf(target[0]), target[1]);
                String rpc = r.operation().startsWith("http:") ? "—" : shortRpc(r.operation());
                rows.add(new Row(route, rpc, owner + "#" + target[1], called));
                continue;
            }
            BindableService impl = implOf(impls, r.operation());
            String method = javaName(r.operation());
            routed.add(r.operation());
            rows.add(new Row(route, shortRpc(r.operation()), handler(impl, method), calls.of(impl.getClass(), method)));
        }
        for (BindableService impl : impls.all()) {
            for (MethodDescriptor rpc : protoService(impl).getMethods()) {
                String full = rpc.getService().getFullName() + "/" + rpc.getName();
                if (!routed.contains(full)) {
                    String method = javaName(full);
                    rows.add(new Row("—", shortRpc(full), handler(impl, method), calls.of(impl.getClass(), method)));
                }
            }
        }
        return rows;
    }

    /** Returns the markdown table of {@code rows}. */
    static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder()
                .append("| HTTP route | gRPC method | Transport handler | Service methods it calls |\n")
                .append("| --- | --- | --- | --- |\n");
        rows.forEach(r -> b.append(r.markdown()).append('\n'));
        return b.toString();
    }

    private static String handler(BindableService impl, String method) {
        return impl.getClass().getSimpleName() + "#" + method;
    }

    private static BindableService implOf(GrpcImpls impls, String operation) {
        String service = operation.substring(0, operation.indexOf('/'));
        return impls.all().stream()
                .filter(i -> protoService(i).getFullName().equals(service))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no implementation serves " + operation));
    }

    private static String javaName(String operation) {
        String rpc = operation.substring(operation.indexOf('/') + 1);
        return Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
    }

    /** Returns {@code SessionService/CreateSession} for {@code aetherfs.v1.SessionService/CreateSession}. */
    private static String shortRpc(String operation) {
        return operation.substring(operation.lastIndexOf('.', operation.indexOf('/')) + 1);
    }

    private static ServiceDescriptor protoService(BindableService impl) {
        Object schema = impl.bindService().getServiceDescriptor().getSchemaDescriptor();
        return ((ProtoServiceDescriptorSupplier) schema).getServiceDescriptor();
    }

    private static Class<?> classOf(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String code(String s) {
        return s.equals("—") ? s : "`" + s + "`";
    }
}
