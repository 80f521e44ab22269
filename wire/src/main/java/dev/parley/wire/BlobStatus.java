package dev.parley.wire;

/** A blob's id, declared size and bytes stored so far. */
public record BlobStatus(String blobId, long size, long stored) implements Message {
    public BlobStatus {
        java.util.Objects.requireNonNull(blobId, "blobId");
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_STATUS;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(blobId);
        writer.i64(size);
        writer.i64(stored);
    }

    static BlobStatus read(WireReader reader) throws MalformedFrameException {
        return new BlobStatus(reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.i64());
    }
}
