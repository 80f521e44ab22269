package dev.parley.wire;

/** Asks how much of a blob is stored (to resume an upload or check a download). */
public record BlobStat(String blobId) implements Message {
    public BlobStat {
        java.util.Objects.requireNonNull(blobId, "blobId");
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_STAT;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(blobId);
    }

    static BlobStat read(WireReader reader) throws MalformedFrameException {
        return new BlobStat(reader.string(Limits.MAX_NAME_BYTES));
    }
}
