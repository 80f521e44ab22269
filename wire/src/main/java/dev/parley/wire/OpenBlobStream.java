package dev.parley.wire;

/** Turns a fresh connection into a file-transfer stream for a signed-in user (session token), apart from the chat connection. */
public record OpenBlobStream(String username, byte[] token) implements Message {
    public OpenBlobStream {
        java.util.Objects.requireNonNull(username, "username");
        token = token.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_BLOB_STREAM;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.bytes(token);
    }

    static OpenBlobStream read(WireReader reader) throws MalformedFrameException {
        return new OpenBlobStream(reader.string(Limits.MAX_NAME_BYTES),
                reader.bytes(Limits.MAX_TOKEN_BYTES));
    }

    @Override
    public String toString() {
        return "OpenBlobStream[" + "username=" + username + ", " + "token=" + token.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenBlobStream that
                && username.equals(that.username)
                && java.util.Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(username), java.util.Arrays.hashCode(token));
    }
}
