package dev.parley.wire;

/** Bytes of a blob from offset. */
public record BlobData(String blobId, long offset, byte[] data) implements Message {
    public BlobData {
        java.util.Objects.requireNonNull(blobId, "blobId");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.BLOB_DATA;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(blobId);
        writer.i64(offset);
        writer.bytes(data);
    }

    static BlobData read(WireReader reader) throws MalformedFrameException {
        return new BlobData(reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.bytes(Limits.MAX_CHUNK_BYTES));
    }

    @Override
    public String toString() {
        return "BlobData[" + "blobId=" + blobId + ", " + "offset=" + offset + ", " + "data=" + data.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobData that
                && blobId.equals(that.blobId)
                && offset == that.offset
                && java.util.Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(blobId), java.util.Objects.hashCode(offset), java.util.Arrays.hashCode(data));
    }
}
