package dev.parley.server.persist;

/**
 * One unit of work for the store writer. {@link #execute} runs inside the batch transaction and
 * does the database work (and decides which pushes it will make); {@link #committed} runs after the
 * batch is durable and updates shared state and queues replies; {@link #failed} runs instead when the
 * batch could not be stored. All three run on the writer thread; none may block on anything else.
 * {@code committed} must not touch the store.
 */
public abstract class StoreOp {
    protected abstract void execute(WriteContext context);

    protected abstract void committed(WriteContext context, Effects effects);

    protected abstract void failed(Effects effects, RuntimeException cause);
}
