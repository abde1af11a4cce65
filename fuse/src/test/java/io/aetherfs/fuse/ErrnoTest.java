package io.aetherfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The errno table: Linux's numbers, one constant each, unknown numbers as EIO. */
class ErrnoTest {

    @Test
    void numbers_areLinuxs() {
        assertThat(Errno.EPERM.number()).isEqualTo(1);
        assertThat(Errno.ENOENT.number()).isEqualTo(2);
        assertThat(Errno.EINTR.number()).isEqualTo(4);
        assertThat(Errno.EIO.number()).isEqualTo(5);
        assertThat(Errno.EAGAIN.number()).isEqualTo(11);
        assertThat(Errno.EEXIST.number()).isEqualTo(17);
        assertThat(Errno.ENOSYS.number()).isEqualTo(38);
        assertThat(Errno.ENOTEMPTY.number()).isEqualTo(39);
        assertThat(Errno.ENODATA.number()).isEqualTo(61);
        assertThat(Errno.ENOTSUP).isSameAs(Errno.EOPNOTSUPP);
        assertThat(Errno.EOPNOTSUPP.number()).isEqualTo(95);
        assertThat(Errno.ESTALE.number()).isEqualTo(116);
    }

    @Test
    void of_roundTripsEveryConstant_andMapsUnknownNumbersToEio() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertThat(seen.add(e.number()))
                    .as("one constant per number: %s", e)
                    .isTrue();
            assertThat(Errno.of(e.number())).isSameAs(e);
        }
        assertThat(Errno.of(0)).isSameAs(Errno.EIO);
        assertThat(Errno.of(41)).isSameAs(Errno.EIO);
        assertThat(Errno.of(9999)).isSameAs(Errno.EIO);
    }

    @Test
    void fuseException_carriesItsErrno_withoutAStackTrace() {
        FuseException e = Errno.ENOENT.exception();
        assertThat(e.errno()).isSameAs(Errno.ENOENT);
        assertThat(e.getStackTrace()).isEmpty();
    }
}
