package dev.parley.crypto.internal;

import java.util.Arrays;

/** A growable big-endian byte builder for our own formats. */
public final class ByteWriter {
    private byte[] buf;
    private int len;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        if (v < 0 || v > 0xffff) throw new IllegalArgumentException("u16 out of range");
        return u8(v >>> 8).u8(v);
    }

    public ByteWriter i32(int v) {
        return u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    public ByteWriter i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    public ByteWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    public ByteWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public ByteWriter shortBytes(byte[] b) {
        return u16(b.length).bytes(b);
    }

    public ByteWriter shortString(String s) {
        return shortBytes(Bytes.utf8(s));
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
