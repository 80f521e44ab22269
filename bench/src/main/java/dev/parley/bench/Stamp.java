package dev.parley.bench;

import io.netty.buffer.ByteBuf;

/**
 * The bytes a benchmark message carries. The server sees an opaque payload of the stated size; the first
 * {@value #HEADER} bytes are {@code runId:i64 seq:i64 scheduledNanos:i64 sender:i32 reserved:i32} and the rest
 * is random filler drawn once per run. {@code scheduledNanos} is the {@link System#nanoTime()} at which the
 * open-loop schedule said the message was due, so latency counts any lag of the generator too.
 */
public final class Stamp implements FastFrames.Payload {
    public static final int HEADER = 32;

    private final long runId;
    private final byte[] filler;
    private final int length;
    long seq;
    long scheduledNanos;
    int sender;

    public Stamp(long runId, int length, java.util.Random random) {
        if (length < HEADER) {
            throw new IllegalArgumentException("payload must be at least " + HEADER + " bytes (it carries a time stamp and a sequence number)");
        }
        this.runId = runId;
        this.length = length;
        this.filler = new byte[length - HEADER];
        random.nextBytes(filler);
    }

    public Stamp set(long seq, long scheduledNanos, int sender) {
        this.seq = seq;
        this.scheduledNanos = scheduledNanos;
        this.sender = sender;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        buf.writeLong(runId);
        buf.writeLong(seq);
        buf.writeLong(scheduledNanos);
        buf.writeInt(sender);
        buf.writeInt(0);
        buf.writeBytes(filler);
    }

    public byte[] toBytes() {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(length);
        writeTo(buf);
        byte[] out = new byte[length];
        buf.readBytes(out);
        return out;
    }

    /** True when the payload at {@code offset} was stamped by a run with this id. */
    static boolean isRun(ByteBuf body, int offset, int length, long runId) {
        return length >= HEADER && body.getLong(offset) == runId;
    }

    static long seq(ByteBuf body, int offset) {
        return body.getLong(offset + 8);
    }

    static long scheduledNanos(ByteBuf body, int offset) {
        return body.getLong(offset + 16);
    }

    static int sender(ByteBuf body, int offset) {
        return body.getInt(offset + 24);
    }
}
