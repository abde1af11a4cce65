package io.aetherfs.service.sources;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * GIT_REMOTE sources (spec §8.15) with Eclipse JGit: fetches the branches and tags of a {@code file://},
 * {@code git://} or smart-HTTP remote into an in-memory repository, resolves the ref (default HEAD) to a
 * commit and walks its tree into a {@link TreeBuild}: modes 0644 and 0755 from the git modes, symlinks
 * verbatim, every mtime the commit time; submodules (gitlinks) are skipped.
 */
final class GitTrees {
    private GitTrees() {}

    /** Checks a remote URL at create time: its scheme, and {@code file://} needs cluster.admin (and the roots). */
    static void check(Caller caller, String url, SourceSettings settings) {
        String scheme = scheme(url);
        switch (scheme) {
            case "git", "http", "https" -> {}
            case "file" -> {
                caller.require(Scope.CLUSTER_ADMIN);
                if (!settings.localGitAnywhere()) {
                    LocalTrees.allowed(Path.of(URI.create(url)).toString(), settings);
                }
            }
            default ->
                throw AfsException.invalid(
                        "origin.gitRemote.url must be a file://, git://, http:// or https:// URL, not " + scheme + ":");
        }
    }

    private static String scheme(String url) {
        try {
            String s = new URI(url).getScheme();
            if (s == null) {
                throw AfsException.invalid("origin.gitRemote.url must be an absolute URL: " + url);
            }
            return s.toLowerCase(java.util.Locale.ROOT);
        } catch (URISyntaxException e) {
            throw AfsException.invalid("origin.gitRemote.url is not a URL: " + e.getMessage());
        }
    }

    /** Fetches {@code ref} of {@code url} and adds its tree to {@code into}; returns the commit id. */
    static String read(String url, String ref, SourceSettings settings, TreeBuild into) throws JobFailure, IOException {
        String want = ref == null || ref.isEmpty() ? "HEAD" : ref;
        // the file system is what file:// remotes are opened with; objects stay in memory
        try (InMemoryRepository repo = new InMemoryRepository.Builder()
                .setRepositoryDescription(new DfsRepositoryDescription("import"))
                .setFS(org.eclipse.jgit.util.FS.DETECTED)
                .build()) {
            FetchResult fetched;
            try (Transport t = Transport.open(repo, new URIish(url))) {
                t.setTimeout(
                        (int) Math.min(Integer.MAX_VALUE, settings.gitTimeout().toSeconds()));
                fetched = t.fetch(
                        NullProgressMonitor.INSTANCE,
                        List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*")));
            } catch (IOException | URISyntaxException e) {
                throw new JobFailure("GIT_FETCH_FAILED", "fetching " + url + " failed: " + e.getMessage());
            }
            ObjectId id = resolve(repo, fetched, want);
            if (id == null) {
                throw new JobFailure("GIT_REF_NOT_FOUND", "ref " + want + " not found in " + url);
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit c = walk.parseCommit(id);
                walkTree(repo, c, into);
                return c.getName();
            } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                throw new JobFailure("GIT_REF_NOT_FOUND", "ref " + want + " names no commit of " + url);
            }
        }
    }

    private static ObjectId resolve(InMemoryRepository repo, FetchResult fetched, String want) throws IOException {
        for (String name : List.of(want, "refs/heads/" + want, "refs/tags/" + want)) {
            Ref r = fetched.getAdvertisedRef(name);
            if (r != null) {
                return r.getObjectId();
            }
        }
        if (want.matches("[0-9a-f]{40}")) {
            ObjectId id = ObjectId.fromString(want);
            return repo.getObjectDatabase().has(id) ? id : null;
        }
        return null;
    }

    private static void walkTree(InMemoryRepository repo, RevCommit c, TreeBuild into) throws IOException, JobFailure {
        Instant mtime = Instant.ofEpochSecond(c.getCommitTime());
        try (TreeWalk tw = new TreeWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("the import was interrupted");
                }
                FileMode mode = tw.getFileMode(0);
                String path = tw.getPathString();
                ObjectId blob = tw.getObjectId(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    int bits = mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644;
                    try (var in = reader.open(blob).openStream()) {
                        into.file(path, bits, 0, 0, mtime, null, in);
                    }
                } else if (mode == FileMode.SYMLINK) {
                    String target = new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8);
                    into.symlink(path, target, 0, 0, mtime);
                } else {
                    into.skip(); // a submodule (gitlink)
                }
            }
        }
    }
}
