package io.aetherfs.server.storage;

import io.aetherfs.server.config.ServerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 32-byte master key that encrypts stored secrets (spec §8.13, §13.1 {@code secrets.master_key}):
 * taken from the configuration, or with SQLite metadata (one process, whatever holds the blobs) read
 * from {@code data_dir/secrets.key}, which is generated (base64, mode 0600) on first start. Nodes
 * sharing PostgreSQL metadata must share one configured key (a key file per node would make each node
 * unable to read the others' secrets). Its {@link #toString()} never shows the key.
 */
public final class MasterKey {
    public static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /**
     * Returns the configured key, or with SQLite metadata the key file's (creating the file if it is missing).
     *
     * @throws IllegalStateException when shared (PostgreSQL) metadata has no configured key
     */
    public static MasterKey load(ServerConfig config, SecureRandom random) throws IOException {
        if (config.secrets().masterKey().isPresent()) {
            return new MasterKey(decode(config.secrets().masterKey().get().value(), "secrets.master_key"));
        }
        if (!config.storage().generatesMasterKey()) {
            throw new IllegalStateException(config.storage().metadataSetting() + " needs secrets.master_key, the"
                    + " same on every node; a generated data_dir/secrets.key is only used with SQLite metadata");
        }
        return loadOrCreate(config.storage().secretsKeyFile(), random);
    }

    /** Reads the key file, or writes a new random key to it atomically with owner-only permissions. */
    static MasterKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[BYTES];
            random.nextBytes(fresh);
            try {
                write(file, Base64.getEncoder().encodeToString(fresh) + "\n");
                LOG.info(
                        "no secrets.master_key configured: generated one into {} (mode 0600); keep it with the data"
                                + " directory, stored secrets cannot be read without it",
                        file);
                return new MasterKey(fresh);
            } catch (FileAlreadyExistsException e) {
                // Another process created it first: use theirs.
            }
        }
        warnIfShared(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return new MasterKey(decode(text, file.toString()));
    }

    /** Returns a copy of the key bytes. */
    public byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(
                file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(
                temp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            // A hard link publishes the file only if none exists yet (no overwrite race); fall back to a move.
            Files.createLink(file, temp);
            Files.delete(temp);
        } catch (UnsupportedOperationException e) {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn(
                        "the secrets master key file {} is readable by others ({}); chmod 600 it",
                        file,
                        PosixFilePermissions.toString(perms));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX filesystem: nothing to check.
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secrets master key in " + where + " is not valid base64");
        }
        if (bytes.length != BYTES) {
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalStateException("the secrets master key in " + where + " must be " + BYTES + " bytes");
        }
        return bytes;
    }
}
