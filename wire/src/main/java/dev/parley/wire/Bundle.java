package dev.parley.wire;

/** A user's prekey bundle. hasOneTimePreKey tells whether oneTimePreKey is present; when the pool is empty it is an id of 0 and empty bytes. */
public record Bundle(String username, byte[] identityKey, byte[] signedPreKey, boolean hasOneTimePreKey, OneTimePreKey oneTimePreKey) implements Message {
    public Bundle {
        java.util.Objects.requireNonNull(username, "username");
        identityKey = identityKey.clone();
        signedPreKey = signedPreKey.clone();
        java.util.Objects.requireNonNull(oneTimePreKey, "oneTimePreKey");
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] signedPreKey() {
        return signedPreKey.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.BUNDLE;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.bytes(identityKey);
        writer.bytes(signedPreKey);
        writer.bool(hasOneTimePreKey);
        oneTimePreKey.write(writer);
    }

    static Bundle read(WireReader reader) throws MalformedFrameException {
        return new Bundle(reader.string(Limits.MAX_NAME_BYTES),
                reader.bytes(Limits.MAX_KEY_BYTES),
                reader.bytes(Limits.MAX_KEY_BYTES),
                reader.bool(),
                OneTimePreKey.read(reader));
    }

    @Override
    public String toString() {
        return "Bundle[" + "username=" + username + ", " + "identityKey=" + identityKey.length + " bytes" + ", " + "signedPreKey=" + signedPreKey.length + " bytes" + ", " + "hasOneTimePreKey=" + hasOneTimePreKey + ", " + "oneTimePreKey=" + oneTimePreKey + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bundle that
                && username.equals(that.username)
                && java.util.Arrays.equals(identityKey, that.identityKey)
                && java.util.Arrays.equals(signedPreKey, that.signedPreKey)
                && hasOneTimePreKey == that.hasOneTimePreKey
                && oneTimePreKey.equals(that.oneTimePreKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(username), java.util.Arrays.hashCode(identityKey), java.util.Arrays.hashCode(signedPreKey), java.util.Objects.hashCode(hasOneTimePreKey), java.util.Objects.hashCode(oneTimePreKey));
    }
}
