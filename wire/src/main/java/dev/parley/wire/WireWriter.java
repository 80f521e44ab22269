package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Appends protocol primitives in network byte order. Strings are UTF-8, byte arrays and strings
 * length-prefixed. A plain growable array (no synchronisation, unlike ByteArrayOutputStream); a writer
 * can be {@link #reset} and reused by one thread, and its bytes read in place with {@link #array()}.
 */
public final class WireWriter {
    private byte[] buf;
    private int size;

    public WireWriter(int expectedSize) {
        this.buf = new byte[Math.max(16, expectedSize)];
    }

    private void room(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public WireWriter u8(int value) {
        room(1);
        buf[size++] = (byte) value;
        return this;
    }

    public WireWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public WireWriter i32(int value) {
        room(4);
        buf[size] = (byte) (value >>> 24);
        buf[size + 1] = (byte) (value >>> 16);
        buf[size + 2] = (byte) (value >>> 8);
        buf[size + 3] = (byte) value;
        size += 4;
        return this;
    }

    public WireWriter i64(long value) {
        i32((int) (value >>> 32));
        return i32((int) value);
    }

    public WireWriter bytes(byte[] value) {
        i32(value.length);
        room(value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        return this;
    }

    public WireWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public <T> WireWriter list(List<T> items, BiConsumer<WireWriter, T> writeItem) {
        i32(items.size());
        for (T item : items) {
            writeItem.accept(this, item);
        }
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The backing array; its first {@link #size()} bytes are what was written. Valid until the next write or reset. */
    public byte[] array() {
        return buf;
    }

    /** Forgets what was written, keeping the array for reuse. */
    public WireWriter reset() {
        size = 0;
        return this;
    }
}
