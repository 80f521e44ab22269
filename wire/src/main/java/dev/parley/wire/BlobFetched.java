package dev.parley.wire;

/** The recipient has the whole blob; once every recipient said so the server deletes it. */
public record BlobFetched(String blobId) implements Message {
    public BlobFetched {
        java.util.Objects.requireNonNull(blobId, "blobId");
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_FETCHED;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(blobId);
    }

    static BlobFetched read(WireReader reader) throws MalformedFrameException {
        return new BlobFetched(reader.string(Limits.MAX_NAME_BYTES));
    }
}
