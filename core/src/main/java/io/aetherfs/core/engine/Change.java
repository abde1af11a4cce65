package io.aetherfs.core.engine;

/**
 * One state change, run by the engine's committer against the latest state and committed
 * atomically with the events it appends, possibly in one transaction with other changes. A change
 * either returns its result and all its effects become durable together, or throws and leaves no
 * trace. It may be run again when a concurrent writer on another node got there first, so it must
 * not have side effects outside its {@link ChangeContext}. Changes run one at a time on one thread:
 * they must be quick (no blob I/O; prepare content before submitting).
 */
@FunctionalInterface
public interface Change<R> {
    R apply(ChangeContext ctx);
}
