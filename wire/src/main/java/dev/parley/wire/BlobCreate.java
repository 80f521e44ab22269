package dev.parley.wire;

import java.util.List;

/** Reserves an upload of size ciphertext bytes that the listed recipients may download. */
public record BlobCreate(long size, List<String> recipients) implements Message {
    public BlobCreate {
        recipients = List.copyOf(recipients);
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_CREATE;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(size);
        writer.list(recipients, WireWriter::string);
    }

    static BlobCreate read(WireReader reader) throws MalformedFrameException {
        return new BlobCreate(reader.i64(),
                reader.list(Limits.MAX_LIST_ITEMS, r -> r.string(Limits.MAX_NAME_BYTES)));
    }
}
