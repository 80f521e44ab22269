package dev.parley.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/** Appends protocol primitives in network byte order. Strings are UTF-8, byte arrays and strings length-prefixed. */
public final class WireWriter {
    private final ByteArrayOutputStream out;

    public WireWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    public WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    public WireWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public WireWriter i32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public WireWriter i64(long value) {
        i32((int) (value >>> 32));
        return i32((int) value);
    }

    public WireWriter bytes(byte[] value) {
        i32(value.length);
        out.writeBytes(value);
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
        return out.toByteArray();
    }
}
