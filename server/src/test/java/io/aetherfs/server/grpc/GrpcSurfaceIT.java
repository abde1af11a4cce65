package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public gRPC surface seen the way an outside tool (grpcurl) sees it: only through server
 * reflection, with no generated stubs. Every service and RPC of spec §10 must be listed, and each RPC,
 * called with a near-empty request, must answer something other than UNIMPLEMENTED.
 */
class GrpcSurfaceIT {
    /** Spec §10, service by service. */
    static final Map<String, List<String>> SPEC = specSurface();

    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();

    @Test
    void reflection_listsEveryServiceAndRpcOfTheSpec_andNoneAnswersUnimplemented() throws Exception {
        var caller = server.as("surface");
        String sessionId = GrpcTestCalls.newSession(caller);
        assertThat(listServices()).containsAll(SPEC.keySet());

        Map<String, Status.Code> answers = new TreeMap<>();
        for (var spec : SPEC.entrySet()) {
            ServiceDescriptor service = describe(spec.getKey());
            assertThat(service.getMethods().stream().map(MethodDescriptor::getName))
                    .as("RPCs of %s", spec.getKey())
                    .containsExactlyInAnyOrderElementsOf(spec.getValue());
            for (MethodDescriptor method : service.getMethods()) {
                answers.put(service.getName() + "/" + method.getName(), call(method, sessionId, "surface"));
            }
        }
        assertThat(answers).hasSize(SPEC.values().stream().mapToInt(List::size).sum());
        assertThat(answers.entrySet().stream()
                        .filter(e -> e.getValue() == Status.Code.UNIMPLEMENTED)
                        .map(Map.Entry::getKey))
                .as("RPCs answering UNIMPLEMENTED (all answers: %s)", answers)
                .isEmpty();
    }

    /** What a caller holding only tenant.session.read and tenant.filesystem.read may call (spec §3.2). */
    static final Set<String> READER_MAY = Set.of(
            "AnnotationService/GetAnnotations",
            "AnnotationService/GetAnnotation",
            "OversightService/ListApprovals",
            "OversightService/GetApproval",
            "KnowledgeCacheService/GetCacheEntry",
            "KnowledgeCacheService/CacheEntryExists",
            "KnowledgeCacheService/GetCacheEntryMetadata",
            "KnowledgeCacheService/ListCacheKeys",
            "KnowledgeCacheService/GetCacheStats",
            "KnowledgeCacheService/BatchGetCacheEntries",
            "ObservabilityService/ListEvents",
            "SecretsService/ListSecrets",
            "HealthService/GetHealth",
            "AnalyticsService/GetSessionAnalytics",
            "ToolingService/ListToolCalls",
            "ToolingService/GetToolCall");

    /**
     * RPCs whose generic request here is still invalid (a JUnit report without XML, a tool call without a
     * status, a source without an origin, an upload without a format) and that answer INVALID_ARGUMENT for
     * it before the scope check; their scopes are checked with valid requests by their own tests.
     */
    static final Set<String> INVALID_BEFORE_SCOPE = Set.of(
            "HealthService/ReportTestResults",
            "ToolingService/RecordToolCall",
            "UnderlaySourceService/CreateSource",
            "UnderlaySourceService/UploadSourceArchive");

    /** The services of the collaboration and sources issues, whose every RPC the scope check covers. */
    static final List<String> SCOPED = List.of(
            "aetherfs.v1.CollaborationService",
            "aetherfs.v1.AnnotationService",
            "aetherfs.v1.OversightService",
            "aetherfs.v1.KnowledgeCacheService",
            "aetherfs.v1.ObservabilityService",
            "aetherfs.v1.SecretsService",
            "aetherfs.v1.HealthService",
            "aetherfs.v1.AnalyticsService",
            "aetherfs.v1.UsageService",
            "aetherfs.v1.ToolingService",
            "aetherfs.v1.UnderlaySourceService");

    @Test
    void aReadOnlyCaller_isRefusedEveryRpcItsScopesDoNotCover_beforeAnythingElse() throws Exception {
        String sessionId = GrpcTestCalls.newSession(server.as("surface"));
        Map<String, Status.Code> wrong = new TreeMap<>();
        for (String name : SCOPED) {
            for (MethodDescriptor method : describe(name).getMethods()) {
                String rpc = name.substring(name.lastIndexOf('.') + 1) + "/" + method.getName();
                Status.Code code = call(method, sessionId, "reader");
                boolean denied = code == Status.Code.PERMISSION_DENIED
                        || INVALID_BEFORE_SCOPE.contains(rpc) && code == Status.Code.INVALID_ARGUMENT;
                if (denied == READER_MAY.contains(rpc)) {
                    wrong.put(rpc, code);
                }
            }
        }
        assertThat(wrong)
                .as("RPCs a tenant.session.read + tenant.filesystem.read caller got wrong (expected"
                        + " PERMISSION_DENIED unless listed in READER_MAY)")
                .isEmpty();
    }

    private Status.Code call(MethodDescriptor method, String sessionId, String principal) throws Exception {
        DynamicMessage request = request(method.getInputType(), sessionId);
        var grpcMethod = io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(type(method))
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                        method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(new Marshaller(method.getInputType()))
                .setResponseMarshaller(new Marshaller(method.getOutputType()))
                .build();
        Metadata headers = new Metadata();
        headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + GrpcTestServer.TENANT + ":" + principal);
        var channel = ClientInterceptors.intercept(server.channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        ClientCall<DynamicMessage, DynamicMessage> clientCall =
                channel.newCall(grpcMethod, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        var done = new CompletableFuture<Status.Code>();
        StreamObserver<DynamicMessage> answers = new StreamObserver<>() {
            @Override
            public void onNext(DynamicMessage value) {}

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t).getCode());
            }

            @Override
            public void onCompleted() {
                done.complete(Status.Code.OK);
            }
        };
        if (method.isClientStreaming()) {
            StreamObserver<DynamicMessage> requests = method.isServerStreaming()
                    ? ClientCalls.asyncBidiStreamingCall(clientCall, answers)
                    : ClientCalls.asyncClientStreamingCall(clientCall, answers);
            requests.onNext(request);
            requests.onCompleted();
        } else if (method.isServerStreaming()) {
            ClientCalls.asyncServerStreamingCall(clientCall, request, answers);
        } else {
            ClientCalls.asyncUnaryCall(clientCall, request, answers);
        }
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            clientCall.cancel("surface check done", null); // a live stream (Subscribe) is an answer
            return Status.Code.OK;
        }
    }

    /** Well-formed ids of resources that do not exist, by field name. */
    private static final Map<String, String> IDS = Map.of(
            "source_id", "src_01m99fwj125t91a940x6nmhgv4",
            "revision_id", "rev_01m99fwj125t91a940x6nmhgv4",
            "job_id", "job_01m99fwj125t91a940x6nmhgv4",
            "upload_id", "upl_01m99fwj125t91a940x6nmhgv4",
            "approval_id", "apr_01m99fwj125t91a940x6nmhgv4",
            "annotation_id", "ann_01m99fwj125t91a940x6nmhgv4",
            "tool_call_id", "tc_01m99fwj125t91a940x6nmhgv4");

    /**
     * A request naming the test's session, well-formed ids of missing resources and a path, key and name
     * where the message (or its streaming header) has them, and the first specified value of every enum, so a call
     * gets past input checks to the service.
     */
    private static DynamicMessage request(Descriptor type, String sessionId) {
        var b = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.isRepeated()
                    || field.getContainingOneof() != null && !field.getName().equals("header")) {
                continue;
            }
            if (field.getType() == FieldDescriptor.Type.MESSAGE
                    && field.getName().equals("header")) {
                b.setField(field, request(field.getMessageType(), sessionId));
            } else if (field.getType() == FieldDescriptor.Type.STRING) {
                String value =
                        switch (field.getName()) {
                            case "session_id" -> sessionId;
                            case "path" -> "a.txt";
                            case "key", "name", "tool_name" -> "k";
                            default -> IDS.get(field.getName());
                        };
                if (value != null) {
                    b.setField(field, value);
                }
            }
        }
        return b.build();
    }

    private static io.grpc.MethodDescriptor.MethodType type(MethodDescriptor m) {
        if (m.isClientStreaming()) {
            return m.isServerStreaming()
                    ? io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING
                    : io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return m.isServerStreaming()
                ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                : io.grpc.MethodDescriptor.MethodType.UNARY;
    }

    private List<String> listServices() throws Exception {
        return reflect(ServerReflectionRequest.newBuilder().setListServices("*").build())
                .getListServicesResponse()
                .getServiceList()
                .stream()
                .map(s -> s.getName())
                .toList();
    }

    /** Builds the service's descriptor from the files reflection sends (the file and its dependencies). */
    private ServiceDescriptor describe(String fullName) throws Exception {
        var files = reflect(ServerReflectionRequest.newBuilder()
                        .setFileContainingSymbol(fullName)
                        .build())
                .getFileDescriptorResponse()
                .getFileDescriptorProtoList();
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (var bytes : files) {
            FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
            protos.put(p.getName(), p);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        for (String name : protos.keySet()) {
            FileDescriptor f = build(name, protos, built);
            ServiceDescriptor s = f.findServiceByName(fullName.substring(fullName.lastIndexOf('.') + 1));
            if (s != null && s.getFullName().equals(fullName)) {
                return s;
            }
        }
        throw new AssertionError("reflection sent no file defining " + fullName);
    }

    private static FileDescriptor build(
            String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built) throws Exception {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        assertThat(proto).as("reflection sent dependency %s", name).isNotNull();
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(build(dep, protos, built));
        }
        FileDescriptor f = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
        built.put(name, f);
        return f;
    }

    private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
        var answer = new CompletableFuture<ServerReflectionResponse>();
        var call = ServerReflectionGrpc.newStub(server.channel).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        call.onNext(request);
        call.onCompleted();
        return answer.get(30, TimeUnit.SECONDS);
    }

    private record Marshaller(Descriptor type) implements io.grpc.MethodDescriptor.Marshaller<DynamicMessage> {
        @Override
        public InputStream stream(DynamicMessage value) {
            return value.toByteString().newInput();
        }

        @Override
        public DynamicMessage parse(InputStream stream) {
            try {
                return DynamicMessage.parseFrom(type, stream);
            } catch (java.io.IOException e) {
                throw Status.INTERNAL.withCause(e).asRuntimeException();
            }
        }
    }

    private static Map<String, List<String>> specSurface() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(
                "aetherfs.v1.SessionService",
                List.of(
                        "CreateSession",
                        "ListSessions",
                        "GetSession",
                        "UpdateSession",
                        "DeleteSession",
                        "ForkSession",
                        "ArchiveSession",
                        "HydrateSession",
                        "SubmitForReview",
                        "ReopenSession"));
        m.put(
                "aetherfs.v1.PersistenceService",
                List.of(
                        "CreateCheckpoint",
                        "ListCheckpoints",
                        "GetCheckpoint",
                        "DeleteCheckpoint",
                        "RestoreCheckpoint",
                        "Commit",
                        "ListCommits",
                        "GetCommit",
                        "GenerateCommitSummary",
                        "GetDiff",
                        "Merge",
                        "MergeFrom"));
        m.put(
                "aetherfs.v1.FileSystemService",
                List.of(
                        "GetFileManifest",
                        "ReadFile",
                        "StreamFileRange",
                        "WriteFile",
                        "DownloadSessionAsTarball",
                        "SyncChangesFromTarball",
                        "DeleteFile",
                        "CreateDirectory",
                        "DeleteDirectory",
                        "Rename",
                        "Link",
                        "Unlink",
                        "CreateSymlink",
                        "ReadSymlink",
                        "Batch",
                        "PatchSegments",
                        "SeekHoleData",
                        "GetCasExtents",
                        "Fallocate",
                        "SetAttributes",
                        "SetXattr",
                        "GetXattr",
                        "ListXattrs",
                        "RemoveXattr",
                        "GetPosixLock",
                        "SetPosixLock",
                        "SetPosixLockBlocking",
                        "Flock",
                        "Funlock"));
        m.put(
                "aetherfs.v1.CollaborationService",
                List.of("LockFile", "UnlockFile", "RenewLock", "ListLocks", "ForceUnlock"));
        m.put(
                "aetherfs.v1.AnnotationService",
                List.of("AddAnnotation", "GetAnnotations", "GetAnnotation", "UpdateAnnotationStatus"));
        m.put(
                "aetherfs.v1.OversightService",
                List.of(
                        "RequestApproval",
                        "ListApprovals",
                        "GetApproval",
                        "GrantApproval",
                        "DenyApproval",
                        "CancelApproval"));
        m.put(
                "aetherfs.v1.KnowledgeCacheService",
                List.of(
                        "GetCacheEntry",
                        "SetCacheEntry",
                        "DeleteCacheEntry",
                        "CacheEntryExists",
                        "GetCacheEntryMetadata",
                        "CompareAndSetCacheEntry",
                        "ListCacheKeys",
                        "GetCacheStats",
                        "BatchGetCacheEntries",
                        "BatchSetCacheEntries",
                        "BatchDeleteCacheEntries",
                        "DeleteCacheEntriesByPrefix"));
        m.put("aetherfs.v1.MessageBusService", List.of("Publish", "Subscribe"));
        m.put(
                "aetherfs.v1.ObservabilityService",
                List.of("ListEvents", "ListSourceEvents", "GetCasMetrics", "ListCasRefcounts"));
        m.put("aetherfs.v1.SecretsService", List.of("ListSecrets", "GetSecret", "PutSecret", "DeleteSecret"));
        m.put("aetherfs.v1.HealthService", List.of("GetHealth", "ReportHealth", "ReportTestResults"));
        m.put("aetherfs.v1.AnalyticsService", List.of("GetSessionAnalytics"));
        m.put("aetherfs.v1.UsageService", List.of("GetUsage"));
        m.put("aetherfs.v1.ToolingService", List.of("RecordToolCall", "ListToolCalls", "GetToolCall"));
        m.put(
                "aetherfs.v1.UnderlaySourceService",
                List.of(
                        "CreateSource",
                        "ListSources",
                        "GetSource",
                        "UpdateSource",
                        "DeleteSource",
                        "UploadSourceArchive",
                        "StartImport",
                        "RefreshSource",
                        "PromoteSession",
                        "ListJobs",
                        "GetJob",
                        "ListRevisions",
                        "GetRevision"));
        return m;
    }
}
