package io.aetherfs.service.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random checks that the key encoding keeps byte order and that prefix ranges are exact. */
class KeyOrderTest {
    private final Random random = new Random(20261207);

    private byte[] bytes() {
        byte[] b = new byte[1 + random.nextInt(9)];
        for (int i = 0; i < b.length; i++) {
            // few distinct values, so shared prefixes and prefix-of-another keys are common
            b[i] = (byte) new int[] {0x00, 0x01, 0x2f, 0x61, 0x7f, 0x80, 0xff}[random.nextInt(7)];
        }
        return b;
    }

    @Test
    void encode_ordersAsTheBytesDo_andIsInjective() {
        for (int i = 0; i < 20_000; i++) {
            byte[] a = bytes();
            byte[] b = bytes();
            int bytesOrder = Integer.signum(Arrays.compareUnsigned(a, b));
            int encodedOrder = Integer.signum(KeyOrder.encode(a).compareTo(KeyOrder.encode(b)));
            assertThat(encodedOrder)
                    .as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
                    .isEqualTo(bytesOrder);
        }
    }

    @Test
    void prefixRange_holdsExactlyTheKeysWithThatPrefix() {
        for (int i = 0; i < 20_000; i++) {
            byte[] prefix = Arrays.copyOf(bytes(), 1 + random.nextInt(3));
            byte[] key = bytes();
            boolean has = key.length >= prefix.length && Arrays.equals(Arrays.copyOf(key, prefix.length), prefix);
            KeyOrder.Range r = KeyOrder.prefixRange(prefix);
            String enc = KeyOrder.encode(key);
            boolean inRange = enc.compareTo(r.after()) > 0 && enc.compareTo(r.until()) < 0;
            assertThat(inRange)
                    .as("%s in range of %s", Arrays.toString(key), Arrays.toString(prefix))
                    .isEqualTo(has);
        }
    }

    @Test
    void encode_ofTheLongestKey_fitsAMetadataKey() {
        assertThat(KeyOrder.encode(new byte[700])).hasSizeLessThan(1024 - 60);
        assertThat(KeyOrder.ALPHABET.chars().sorted().toArray())
                .isEqualTo(KeyOrder.ALPHABET.chars().toArray());
    }
}
