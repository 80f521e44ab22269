package dev.parley.wire;

/** Sign-up, sign-in or resume succeeded. The token allows silent reconnects. */
public record SignedIn(String username, byte[] token, int oneTimePreKeysLeft) implements Message {
    public SignedIn {
        java.util.Objects.requireNonNull(username, "username");
        token = token.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.SIGNED_IN;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
        writer.bytes(token);
        writer.i32(oneTimePreKeysLeft);
    }

    static SignedIn read(WireReader reader) throws MalformedFrameException {
        return new SignedIn(reader.string(Limits.MAX_NAME_BYTES),
                reader.bytes(Limits.MAX_TOKEN_BYTES),
                reader.i32());
    }

    @Override
    public String toString() {
        return "SignedIn[" + "username=" + username + ", " + "token=" + token.length + " bytes" + ", " + "oneTimePreKeysLeft=" + oneTimePreKeysLeft + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedIn that
                && username.equals(that.username)
                && java.util.Arrays.equals(token, that.token)
                && oneTimePreKeysLeft == that.oneTimePreKeysLeft;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(username), java.util.Arrays.hashCode(token), java.util.Objects.hashCode(oneTimePreKeysLeft));
    }
}
