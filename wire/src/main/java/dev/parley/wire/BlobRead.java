package dev.parley.wire;

/** Reads up to length bytes of a complete blob from offset. */
public record BlobRead(String blobId, long offset, int length) implements Message {
    public BlobRead {
        java.util.Objects.requireNonNull(blobId, "blobId");
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_READ;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(blobId);
        writer.i64(offset);
        writer.i32(length);
    }

    static BlobRead read(WireReader reader) throws MalformedFrameException {
        return new BlobRead(reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.i32());
    }
}
