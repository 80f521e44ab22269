package dev.parley.wire;

/** A frame from a protocol version this build does not speak. */
public final class UnsupportedVersionException extends MalformedFrameException {
    public UnsupportedVersionException(int version) {
        super("protocol version " + version + " is not supported (this build speaks " + FrameCodec.VERSION + ")");
    }
}
