package io.aetherfs.service;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.service.files.ContentWrites;
import io.aetherfs.service.files.FileReads;
import io.aetherfs.service.files.NamespaceWrites;
import io.aetherfs.service.session.ExpirySweeper;
import io.aetherfs.service.session.SessionService;
import io.aetherfs.service.session.Transitions;
import java.time.Duration;

/**
 * Every use-case service of the server, built over one engine. Transports hold this and call one
 * method per request.
 */
public final class Services implements AutoCloseable {
    private final Engine engine;
    private final Limits limits;
    private final SessionService sessions;
    private final Transitions transitions;
    private final FileReads fileReads;
    private final NamespaceWrites namespace;
    private final ContentWrites content;
    private final ExpirySweeper expiry;

    public Services(Engine engine, Limits limits, Policy policy) {
        this.engine = engine;
        this.limits = limits;
        this.sessions = new SessionService(engine, limits, policy);
        this.transitions = new Transitions(engine);
        this.fileReads = new FileReads(engine, limits);
        this.namespace = new NamespaceWrites(engine);
        this.content = new ContentWrites(engine, limits);
        this.expiry = new ExpirySweeper(engine, Duration.ofSeconds(30));
    }

    public Engine engine() {
        return engine;
    }

    public Limits limits() {
        return limits;
    }

    public SessionService sessions() {
        return sessions;
    }

    public Transitions transitions() {
        return transitions;
    }

    public FileReads fileReads() {
        return fileReads;
    }

    public NamespaceWrites namespace() {
        return namespace;
    }

    public ContentWrites content() {
        return content;
    }

    public ExpirySweeper expiry() {
        return expiry;
    }

    /** Stops background work; the engine is closed by its owner. */
    @Override
    public void close() {
        expiry.close();
    }
}
