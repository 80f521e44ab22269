package dev.parley.wire;

import java.util.List;

/** The client has stored these delivered messages; the server may delete them. */
public record Ack(List<Long> messageIds) implements Message {
    public Ack {
        messageIds = List.copyOf(messageIds);
    }

    @Override
    public MessageType type() {
        return MessageType.ACK;
    }

    @Override
    public void write(WireWriter writer) {
        writer.list(messageIds, WireWriter::i64);
    }

    static Ack read(WireReader reader) throws MalformedFrameException {
        return new Ack(reader.list(Limits.MAX_ACKS_PER_FRAME, WireReader::i64));
    }
}
