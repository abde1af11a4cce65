package io.aetherfs.server.e2e;

import java.nio.file.Path;

/** The knowledge-cache routes of {@link KnowledgeCacheHttpIT} on a scale-out node (real PostgreSQL and S3, jwt). */
class ScaleOutKnowledgeCacheHttpIT extends KnowledgeCacheHttpIT {
    @Override
    InProcessServer startServer(Path dir) {
        return InProcessServer.startScaleOut(dir, ScaleOutStores.create("cache"));
    }
}
