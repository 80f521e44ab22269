package dev.parley.wire;

/** Replaces the signed prekey and adds one-time prekeys; the identity key must match the account's. */
public record PublishKeys(KeyUpload keys) implements Message {
    public PublishKeys {
        java.util.Objects.requireNonNull(keys, "keys");
    }

    @Override
    public MessageType type() {
        return MessageType.PUBLISH_KEYS;
    }

    @Override
    public void write(WireWriter writer) {
        keys.write(writer);
    }

    static PublishKeys read(WireReader reader) throws MalformedFrameException {
        return new PublishKeys(KeyUpload.read(reader));
    }
}
