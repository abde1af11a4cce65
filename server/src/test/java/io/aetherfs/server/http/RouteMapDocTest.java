package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.server.grpc.GrpcServices;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/ARCHITECTURE.md} true for the transports: its route map must be the one generated
 * from the real route table and the compiled handlers ({@link RouteMap}), and its package map must name
 * every package of {@code service/} and {@code server/}. After adding a route or RPC, regenerate the map
 * with {@code AFS_WRITE_ROUTE_MAP=1 bin/mvn -B -ntp -o -pl server -am verify -Dtest=RouteMapDocTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=NONE}.
 */
class RouteMapDocTest {
    private static final String BEGIN = "<!-- route-map:begin -->\n";
    private static final String END = "<!-- route-map:end -->";
    private static final Path DOC = Path.of("..", "docs", "ARCHITECTURE.md");

    @Test
    void routeMap_inArchitectureDoc_isTheGeneratedOne() throws IOException {
        String generated = RouteMap.markdown(rows());
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin)
                .as("%s has the markers %s and %s", DOC, BEGIN.trim(), END)
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = doc.substring(begin + BEGIN.length(), end);
        if (System.getenv("AFS_WRITE_ROUTE_MAP") != null) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end));
            return;
        }
        assertThat(current)
                .as("the route map in docs/ARCHITECTURE.md is stale: regenerate it as RouteMapDocTest's Javadoc says")
                .isEqualTo(generated);
    }

    @Test
    void routeMap_everyRouteAndRpc_reachesAService() {
        List<RouteMap.Row> rows = rows();

        assertThat(rows).hasSizeGreaterThan(50);
        for (RouteMap.Row r : rows) {
            assertThat(r.calls()).as("service calls of %s", r).isNotEmpty();
        }
    }

    @Test
    void packageMap_inArchitectureDoc_namesEveryPackage() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (String module : List.of("service", "server")) {
            Path root = Path.of("..", module, "src", "main", "java", "io", "aetherfs", module);
            try (Stream<Path> dirs = Files.walk(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    String name = module + "/" + root.relativize(dir).toString().replace('\\', '/');
                    String entry = "| `" + (name.endsWith("/") ? name : name + "/") + "` |";
                    assertThat(doc).as("package map entry %s", entry).contains(entry);
                }
            }
        }
    }

    private static List<RouteMap.Row> rows() {
        Engine engine =
                new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT);
        try (engine;
                Services services = new Services(engine, new InProcessNotifier(), Limits.DEFAULT, Policy.DEFAULT)) {
            GrpcServices g = GrpcServices.create(services);
            GrpcImpls impls = GrpcImpls.of(g);
            return RouteMap.rows(RouteTable.build(impls, services, null), impls);
        }
    }
}
