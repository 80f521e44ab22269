package dev.parley.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads protocol primitives from one frame, checking every length against what remains,
 * so hostile bytes end in a {@link MalformedFrameException} and never in an over-allocation.
 */
public final class WireReader {
    private final byte[] data;
    private int position;

    public WireReader(byte[] data) {
        this.data = data;
    }

    public int u8() throws MalformedFrameException {
        need(1, "byte");
        return data[position++] & 0xFF;
    }

    public boolean bool() throws MalformedFrameException {
        int value = u8();
        if (value > 1) {
            throw new MalformedFrameException("boolean field holds " + value);
        }
        return value == 1;
    }

    public int i32() throws MalformedFrameException {
        need(4, "int");
        int value = ByteBuffer.wrap(data, position, 4).getInt();
        position += 4;
        return value;
    }

    public long i64() throws MalformedFrameException {
        need(8, "long");
        long value = ByteBuffer.wrap(data, position, 8).getLong();
        position += 8;
        return value;
    }

    public byte[] bytes(int maxLength) throws MalformedFrameException {
        int length = i32();
        if (length < 0 || length > maxLength) {
            throw new MalformedFrameException("field length " + length + " outside 0.." + maxLength);
        }
        need(length, "byte field");
        byte[] value = new byte[length];
        System.arraycopy(data, position, value, 0, length);
        position += length;
        return value;
    }

    public String string(int maxBytes) throws MalformedFrameException {
        byte[] raw = bytes(maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("text field is not valid UTF-8");
        }
    }

    /** Reads one list item; may throw {@link MalformedFrameException}. */
    @FunctionalInterface
    public interface ItemReader<T> {
        T read(WireReader reader) throws MalformedFrameException;
    }

    public <T> List<T> list(int maxItems, ItemReader<T> readItem) throws MalformedFrameException {
        int count = i32();
        if (count < 0 || count > maxItems) {
            throw new MalformedFrameException("list of " + count + " items outside 0.." + maxItems);
        }
        List<T> items = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            items.add(readItem.read(this));
        }
        return List.copyOf(items);
    }

    public void expectEnd() throws MalformedFrameException {
        if (position != data.length) {
            throw new MalformedFrameException((data.length - position) + " unexpected trailing bytes");
        }
    }

    private void need(int count, String what) throws MalformedFrameException {
        if (data.length - position < count) {
            throw new MalformedFrameException("frame ends inside a " + what);
        }
    }
}
