package dev.parley.wire;

/** Signs in silently with the session token from an earlier SignedIn. */
public record Resume(String username, byte[] token) implements Message {
    public Resume {
        java.util.Objects.requireNonNull(username, "username");
        token = token.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.RESUME;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.bytes(token);
    }

    static Resume read(WireReader reader) throws MalformedFrameException {
        return new Resume(reader.string(Limits.MAX_NAME_BYTES),
                reader.bytes(Limits.MAX_TOKEN_BYTES));
    }

    @Override
    public String toString() {
        return "Resume[" + "username=" + username + ", " + "token=" + token.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Resume that
                && username.equals(that.username)
                && java.util.Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(username), java.util.Arrays.hashCode(token));
    }
}
