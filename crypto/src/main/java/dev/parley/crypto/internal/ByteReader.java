package dev.parley.crypto.internal;

import dev.parley.crypto.InvalidMessageException;

/** A length-checked cursor over untrusted bytes: every read that would overrun throws a checked exception. */
public final class ByteReader {
    private final byte[] data;
    private int pos;

    public ByteReader(byte[] data) throws InvalidMessageException {
        if (data == null) throw new InvalidMessageException("no bytes");
        this.data = data;
    }

    public int remaining() {
        return data.length - pos;
    }

    public int position() {
        return pos;
    }

    private void need(int n) throws InvalidMessageException {
        if (n < 0 || n > remaining()) throw new InvalidMessageException("truncated or malformed");
    }

    public int u8() throws InvalidMessageException {
        need(1);
        return data[pos++] & 0xff;
    }

    public int u16() throws InvalidMessageException {
        need(2);
        int v = (data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32() throws InvalidMessageException {
        need(4);
        int v = Bytes.readInt32(data, pos);
        pos += 4;
        return v;
    }

    /** A non-negative 32-bit value. */
    public int u31() throws InvalidMessageException {
        int v = i32();
        if (v < 0) throw new InvalidMessageException("malformed counter");
        return v;
    }

    public long i64() throws InvalidMessageException {
        need(8);
        long v = ((long) Bytes.readInt32(data, pos) << 32) | (Bytes.readInt32(data, pos + 4) & 0xffffffffL);
        pos += 8;
        return v;
    }

    public boolean bool() throws InvalidMessageException {
        int b = u8();
        if (b > 1) throw new InvalidMessageException("malformed flag");
        return b == 1;
    }

    public byte[] bytes(int n) throws InvalidMessageException {
        need(n);
        byte[] out = Bytes.slice(data, pos, n);
        pos += n;
        return out;
    }

    /** A u16 length followed by that many bytes, at most {@code max}. */
    public byte[] shortBytes(int max) throws InvalidMessageException {
        int n = u16();
        if (n > max) throw new InvalidMessageException("field too long");
        return bytes(n);
    }

    public String shortString(int max) throws InvalidMessageException {
        return new String(shortBytes(max), java.nio.charset.StandardCharsets.UTF_8);
    }

    public byte[] rest() throws InvalidMessageException {
        return bytes(remaining());
    }

    public void expectEnd() throws InvalidMessageException {
        if (remaining() != 0) throw new InvalidMessageException("trailing bytes");
    }
}
