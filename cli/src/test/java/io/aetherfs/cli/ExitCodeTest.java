package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void of_mapsEveryStatusCodeOntoTheTable() {
        assertThat(ExitCode.of(Status.Code.INVALID_ARGUMENT)).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.of(Status.Code.NOT_FOUND)).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ExitCode.of(Status.Code.FAILED_PRECONDITION)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.of(Status.Code.ALREADY_EXISTS)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.of(Status.Code.ABORTED)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.of(Status.Code.UNAUTHENTICATED)).isEqualTo(ExitCode.AUTH);
        assertThat(ExitCode.of(Status.Code.PERMISSION_DENIED)).isEqualTo(ExitCode.AUTH);
        assertThat(ExitCode.of(Status.Code.UNAVAILABLE)).isEqualTo(ExitCode.FAILURE);
        assertThat(ExitCode.of(Status.Code.INTERNAL)).isEqualTo(ExitCode.FAILURE);
        for (Status.Code code : Status.Code.values()) {
            assertThat(ExitCode.of(code)).isNotNull();
        }
    }

    @Test
    void codes_areDistinctAndTheHelpLinesNameEach() {
        assertThat(ExitCode.values()).extracting(ExitCode::code).doesNotHaveDuplicates();
        assertThat(ExitCode.helpLines()).hasSize(ExitCode.values().length).allSatisfy(l -> assertThat(l)
                .hasSizeLessThan(80));
    }
}
