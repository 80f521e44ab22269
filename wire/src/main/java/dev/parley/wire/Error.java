package dev.parley.wire;

/** A request failed; message is one plain sentence for the user. */
public record Error(ErrorCode code, String message) implements Message {
    public Error {
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(message, "message");
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public void write(WireWriter writer) {
        writer.u8(code.code());
        writer.string(message);
    }

    static Error read(WireReader reader) throws MalformedFrameException {
        return new Error(ErrorCode.fromCode(reader.u8()),
                reader.string(Limits.MAX_TEXT_BYTES));
    }
}
