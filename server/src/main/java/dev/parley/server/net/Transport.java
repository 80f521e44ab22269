package dev.parley.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The event loops' way of doing network I/O. io_uring (Linux) hands the kernel a loop iteration's sends and receives
 * in one system call instead of one call each; epoll (Linux's readiness API) does a call per send and receive; Java
 * NIO works everywhere. "auto" takes io_uring where its buffer rings work (Linux 5.19 and later), else epoll, else NIO.
 * A transport whose native library does not load here is an error when asked for by name.
 *
 * <p>With io_uring every connection reads into buffers of one ring per event loop, handed out by the kernel as data
 * arrives: an idle connection holds no read buffer, as with epoll, where a buffer is taken only while reading.
 *
 * @param bufferRing whether connections read from the loop's buffer ring (io_uring only)
 */
public record Transport(String name, IoHandlerFactory io, Class<? extends ServerChannel> serverChannel, boolean bufferRing) {
    /** The buffer group of the read buffers' ring, one per event loop. */
    private static final short READ_BUFFERS = 0;
    /** Buffers in a loop's ring at most; it starts with {@link #RING_BATCH} and grows by as many when it runs dry. */
    private static final short RING_BUFFERS = 256;
    private static final int RING_BATCH = 32;

    /** @param name auto, epoll, io_uring or nio */
    public static Transport choose(String name) {
        return switch (name) {
            case "auto" -> IoUring.isAvailable() && IoUring.isRegisterBufferRingSupported() ? ioUring()
                    : Epoll.isAvailable() ? epoll() : nio();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the epoll transport is not available here: " + Epoll.unavailabilityCause().getMessage());
                }
                yield epoll();
            }
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("the io_uring transport is not available here: " + IoUring.unavailabilityCause().getMessage());
                }
                yield ioUring();
            }
            case "nio" -> nio();
            default -> throw new IllegalArgumentException("unknown transport " + name);
        };
    }

    /** Applies what this transport needs on every accepted connection. */
    public void configure(ServerBootstrap bootstrap) {
        if (bufferRing) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, READ_BUFFERS);
        }
    }

    private static Transport ioUring() {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig();
        boolean ring = IoUring.isRegisterBufferRingSupported();
        if (ring) {
            config.setBufferRingConfig(IoUringBufferRingConfig.builder()
                    .bufferGroupId(READ_BUFFERS)
                    .bufferRingSize(RING_BUFFERS)
                    .batchSize(RING_BATCH)
                    .allocator(new IoUringAdaptiveBufferRingAllocator())
                    .build());
        }
        return new Transport("io_uring", IoUringIoHandler.newFactory(config), IoUringServerSocketChannel.class, ring);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, false);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, false);
    }
}
