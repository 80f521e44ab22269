package dev.parley.wire;

/** Creates an account, publishes its keys and signs in. */
public record SignUp(String username, String password, KeyUpload keys) implements Message {
    public SignUp {
        java.util.Objects.requireNonNull(username, "username");
        java.util.Objects.requireNonNull(password, "password");
        java.util.Objects.requireNonNull(keys, "keys");
    }

    @Override
    public MessageType type() {
        return MessageType.SIGN_UP;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.string(password);
        keys.write(writer);
    }

    static SignUp read(WireReader reader) throws MalformedFrameException {
        return new SignUp(reader.string(Limits.MAX_NAME_BYTES),
                reader.string(Limits.MAX_PASSWORD_BYTES),
                KeyUpload.read(reader));
    }
}
