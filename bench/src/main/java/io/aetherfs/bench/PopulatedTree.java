package io.aetherfs.bench;

import io.aetherfs.core.model.SessionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fixture whose session already holds a whole {@link TreeShape}, folded into stored nodes. Durable
 * trees are built once per size and run, then copied for each trial, so a 100,000-file tree is not
 * rebuilt for every benchmark method.
 */
record PopulatedTree(BenchFixture fixture, SessionId session, TreeShape shape) implements AutoCloseable {

    /** Opens a fixture on {@code backend} holding a session with {@code files} files and no pending change. */
    static PopulatedTree open(String backend, int files) {
        TreeShape shape = new TreeShape(files);
        if (!backend.equals("sqlite")) {
            BenchFixture f = BenchFixture.open(backend);
            return new PopulatedTree(f, build(f, shape), shape);
        }
        Path template = BenchDirs.template("sqlite-" + files);
        try {
            if (!Files.exists(template.resolve("session.id"))) {
                Path building = template.resolveSibling(template.getFileName() + ".building");
                BenchDirs.delete(building);
                BenchFixture f = BenchFixture.openDurable(building);
                SessionId id = build(f, shape);
                f.closeKeepingFiles();
                BenchFixture.saveSession(building, id);
                Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
            }
            Path copy = BenchDirs.fresh("tree-" + files);
            BenchDirs.copy(template, copy);
            return new PopulatedTree(BenchFixture.openDurable(copy), BenchFixture.loadSession(copy), shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SessionId build(BenchFixture f, TreeShape shape) {
        long start = System.nanoTime();
        SessionId id = f.newSession("bench-" + shape.files());
        f.populate(id, shape);
        f.flush();
        System.out.printf("# built a %,d-file tree in %.1f s%n", shape.files(), (System.nanoTime() - start) / 1e9);
        return id;
    }

    @Override
    public void close() {
        fixture.close();
    }
}
