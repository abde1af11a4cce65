package io.aetherfs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The deterministic source tree every benchmark and baseline uses: {@code files} text files of 2–6 KiB
 * (4 KiB on average), 50 per directory, in directories nested three levels deep
 * ({@code src/mNNN/pNN/fNNNNNN.txt}, 40 packages per module), so 100,000 files make 2,000 leaf
 * directories under 50 modules.
 */
public record TreeShape(int files) {
    public static final int FILES_PER_DIR = 50;
    static final int DIRS_PER_MODULE = 40;
    /** How many files a round of pending changes touches. */
    public static final int CHANGES_PER_ROUND = 10;

    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz_(){};=+ ".getBytes();

    public TreeShape {
        if (files < CHANGES_PER_ROUND) {
            throw new IllegalArgumentException("a tree needs at least " + CHANGES_PER_ROUND + " files");
        }
    }

    /** Returns the relative path of file {@code i}. */
    public static String path(int i) {
        int dir = i / FILES_PER_DIR;
        return String.format("src/m%03d/p%02d/f%06d.txt", dir / DIRS_PER_MODULE, dir % DIRS_PER_MODULE, i);
    }

    /** Returns version {@code version} of the content of file {@code i}: 2–6 KiB of source-like text. */
    public static byte[] content(int i, int version) {
        SplittableRandom r = new SplittableRandom(i * 1_000_003L + version);
        byte[] b = new byte[2048 + r.nextInt(4097)];
        for (int k = 0; k < b.length; k++) {
            b[k] = (k % 64 == 63) ? (byte) '\n' : ALPHABET[r.nextInt(ALPHABET.length)];
        }
        byte[] stamp = ("// file " + i + " version " + version + "\n").getBytes();
        System.arraycopy(stamp, 0, b, 0, Math.min(stamp.length, b.length));
        return b;
    }

    /**
     * Returns the index of the {@code k}-th file changed in round {@code round}: the ten files of a round
     * sit in ten different directories spread over the tree, and successive rounds move on.
     */
    public int changedFile(int round, int k) {
        int stride = files / CHANGES_PER_ROUND;
        return k * stride + Math.floorMod(round * 7, stride);
    }

    /** Writes the whole tree under {@code root} as plain files (for the native baselines). */
    void writeTo(Path root) throws IOException {
        for (int i = 0; i < files; i++) {
            Path p = root.resolve(path(i));
            if (i % FILES_PER_DIR == 0) {
                Files.createDirectories(p.getParent());
            }
            Files.write(p, content(i, 0));
        }
    }
}
