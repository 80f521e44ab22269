package dev.parley.server.persist;

/**
 * One unit of work for the store writer. {@link #execute} runs inside the batch transaction and
 * does the database work (and decides which pushes it will make); {@link #beforeCommit} may then push
 * to recipients while the commit is on its way to disk; {@link #committed} runs after the commit and
 * updates shared state and queues replies, which go out once the batch is durable ({@link Durability});
 * {@link #failed} runs instead when the batch could not be stored. All run on the writer thread; none may
 * block on anything else. {@code beforeCommit} and {@code committed} must not touch the store.
 */
public abstract class StoreOp {
    protected abstract void execute(WriteContext context);

    /**
     * Called after every operation of the batch executed and before its commit, when the writer lets pushes go
     * ahead of the commit ({@link StoreWriter}): queues this operation's pushes to recipients. Never a reply to
     * the requester — that waits for {@link #committed}, which must not push the same again. If the commit then
     * fails, {@link #failed} still runs. Nothing by default: an operation that does not override it pushes from
     * {@code committed}.
     */
    protected void beforeCommit(Effects effects) {
    }

    protected abstract void committed(WriteContext context, Effects effects);

    protected abstract void failed(Effects effects, RuntimeException cause);
}
