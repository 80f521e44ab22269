package dev.parley.wire;

/** A one-time prekey as published: its id and public bytes, in the crypto module's encoding. */
public record OneTimePreKey(int id, byte[] publicKey) {
    public OneTimePreKey {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    void write(WireWriter writer) {
        writer.i32(id);
        writer.bytes(publicKey);
    }

    static OneTimePreKey read(WireReader reader) throws MalformedFrameException {
        return new OneTimePreKey(reader.i32(),
                reader.bytes(Limits.MAX_KEY_BYTES));
    }

    @Override
    public String toString() {
        return "OneTimePreKey[" + "id=" + id + ", " + "publicKey=" + publicKey.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OneTimePreKey that
                && id == that.id
                && java.util.Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(id), java.util.Arrays.hashCode(publicKey));
    }
}
