package dev.parley.server.net;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the stream into frame bodies at the 4-byte big-endian length prefix. A length above the cap
 * (or negative) fails fast, before any of the body is buffered; {@link ProtocolErrors} answers it.
 * One per connection; its buffer is released whenever no partial frame is pending.
 */
public final class LengthPrefixDecoder extends LengthFieldBasedFrameDecoder {
    public LengthPrefixDecoder(int maxBodyBytes) {
        super(maxBodyBytes + Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true);
    }
}
