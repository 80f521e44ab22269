package dev.parley.wire;

/** Signs in with a password. */
public record SignIn(String username, String password) implements Message {
    public SignIn {
        java.util.Objects.requireNonNull(username, "username");
        java.util.Objects.requireNonNull(password, "password");
    }

    @Override
    public MessageType type() {
        return MessageType.SIGN_IN;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.string(password);
    }

    static SignIn read(WireReader reader) throws MalformedFrameException {
        return new SignIn(reader.string(Limits.MAX_NAME_BYTES),
                reader.string(Limits.MAX_PASSWORD_BYTES));
    }
}
