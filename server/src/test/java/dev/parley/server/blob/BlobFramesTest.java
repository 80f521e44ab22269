package dev.parley.server.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.net.Frames;
import dev.parley.wire.BlobData;
import dev.parley.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-encoded BlobData frame is byte for byte what the wire codec produces. */
class BlobFramesTest {
    @TempDir
    Path temp;

    @Test
    void encodesExactlyLikeTheCodec() throws Exception {
        byte[] content = new byte[700_000];
        new Random(3).nextBytes(content);
        Path file = temp.resolve("b");
        Files.write(file, content);
        String id = "00112233445566778899aabbccddeeff";
        for (int[] range : new int[][] {{0, 0}, {0, 1}, {5, 524_288}, {699_999, 1}}) {
            ByteBuf buf;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                buf = BlobFrames.data(PooledByteBufAllocator.DEFAULT, 42, id, range[0], channel, range[1]);
            }
            try {
                byte[] expected = Frames.encode(new Frame(42, new BlobData(id, range[0],
                        Arrays.copyOfRange(content, range[0], range[0] + range[1]))));
                assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(expected);
            } finally {
                buf.release();
            }
        }
    }
}
