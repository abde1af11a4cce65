package io.aetherfs.server.e2e;

import java.nio.file.Path;

/**
 * The oversight scenario of {@link OversightScenarioIT} on the scale-out backend: a node on a real
 * PostgreSQL database and a real S3-compatible bucket, with signed (jwt) tokens.
 */
class ScaleOutOversightScenarioIT extends OversightScenarioIT {
    @Override
    InProcessServer startServer(Path dir) {
        return InProcessServer.startScaleOut(dir, ScaleOutStores.create("oversight"));
    }
}
