package dev.parley.server.blob;

import dev.parley.wire.FrameCodec;
import dev.parley.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@code BlobData} response straight from the blob's file into one pooled buffer, length
 * prefix included, so a 512 KiB read is not copied through byte arrays four times on its way to
 * TLS. The layout is exactly {@link FrameCodec}'s ({@code BlobFramesTest} compares the bytes):
 * {@code length:u32 version:u8 type:u8 id:i64 blobId:string offset:i64 data:bytes}.
 */
final class BlobFrames {
    private BlobFrames() {
    }

    static ByteBuf data(ByteBufAllocator alloc, long requestId, String blobId, long offset, FileChannel file, int length)
            throws IOException {
        byte[] id = blobId.getBytes(StandardCharsets.UTF_8);
        int body = 1 + 1 + 8 + 4 + id.length + 8 + 4 + length;
        ByteBuf out = alloc.ioBuffer(4 + body, 4 + body);
        boolean done = false;
        try {
            out.writeInt(body);
            out.writeByte(FrameCodec.VERSION);
            out.writeByte(MessageType.BLOB_DATA.code());
            out.writeLong(requestId);
            out.writeInt(id.length);
            out.writeBytes(id);
            out.writeLong(offset);
            out.writeInt(length);
            int read = 0;
            while (read < length) {
                int n = out.writeBytes(file, offset + read, length - read);
                if (n < 0) {
                    throw new EOFException("the blob ended early");
                }
                read += n;
            }
            done = true;
            return out;
        } finally {
            if (!done) {
                out.release();
            }
        }
    }
}
