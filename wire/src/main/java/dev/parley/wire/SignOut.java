package dev.parley.wire;

/** Ends the session and revokes its token. */
public record SignOut() implements Message {
    @Override
    public MessageType type() {
        return MessageType.SIGN_OUT;
    }

    @Override
    public void write(WireWriter writer) {
    }

    static SignOut read(WireReader reader) throws MalformedFrameException {
        return new SignOut();
    }
}
