package io.aetherfs.service.sources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code sources.*} settings (spec §13.1): host roots LOCALFS sources may copy from, how many source
 * jobs one node runs at once, how long a git fetch may take, and whether {@code file://} git URLs may name
 * any host path ({@code auth.mode = dev}) or only paths under the LOCALFS roots (spec §8.15).
 */
public record SourceSettings(
        List<Path> localfsAllowedRoots, int importWorkers, Duration gitTimeout, boolean localGitAnywhere) {
    public static final SourceSettings DEFAULT = new SourceSettings(List.of(), 2, Duration.ofSeconds(600), true);

    public SourceSettings {
        localfsAllowedRoots = List.copyOf(localfsAllowedRoots);
        if (importWorkers < 1) {
            throw new IllegalArgumentException("importWorkers must be at least 1");
        }
    }
}
