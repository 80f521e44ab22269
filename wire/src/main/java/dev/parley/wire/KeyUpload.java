package dev.parley.wire;

import java.util.List;

/** Public keys a client publishes: identity key, current signed prekey (an opaque blob of id, key and signature) and one-time prekeys. The server stores them without interpreting them. */
public record KeyUpload(byte[] identityKey, byte[] signedPreKey, List<OneTimePreKey> oneTimePreKeys) {
    public KeyUpload {
        identityKey = identityKey.clone();
        signedPreKey = signedPreKey.clone();
        oneTimePreKeys = List.copyOf(oneTimePreKeys);
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] signedPreKey() {
        return signedPreKey.clone();
    }

    void write(WireWriter writer) {
        writer.bytes(identityKey);
        writer.bytes(signedPreKey);
        writer.list(oneTimePreKeys, (w, item) -> item.write(w));
    }

    static KeyUpload read(WireReader reader) throws MalformedFrameException {
        return new KeyUpload(reader.bytes(Limits.MAX_KEY_BYTES),
                reader.bytes(Limits.MAX_KEY_BYTES),
                reader.list(Limits.MAX_PREKEYS_PER_UPLOAD, OneTimePreKey::read));
    }

    @Override
    public String toString() {
        return "KeyUpload[" + "identityKey=" + identityKey.length + " bytes" + ", " + "signedPreKey=" + signedPreKey.length + " bytes" + ", " + "oneTimePreKeys=" + oneTimePreKeys + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyUpload that
                && java.util.Arrays.equals(identityKey, that.identityKey)
                && java.util.Arrays.equals(signedPreKey, that.signedPreKey)
                && oneTimePreKeys.equals(that.oneTimePreKeys);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(identityKey), java.util.Arrays.hashCode(signedPreKey), java.util.Objects.hashCode(oneTimePreKeys));
    }
}
