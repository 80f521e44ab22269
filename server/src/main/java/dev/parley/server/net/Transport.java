package dev.parley.server.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The event loops' way of doing network I/O. epoll (Linux's readiness API) is the default; io_uring
 * (Linux 5.x+) submits the sends of one loop iteration together instead of one system call each; Java
 * NIO works everywhere. A transport whose native library does not load here falls back to NIO for
 * "auto" and is an error when asked for by name.
 */
public record Transport(String name, IoHandlerFactory io, Class<? extends ServerChannel> serverChannel) {

    /** @param name auto, epoll, io_uring or nio */
    public static Transport choose(String name) {
        return switch (name) {
            case "auto" -> Epoll.isAvailable() ? epoll() : nio();
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
                yield new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            }
            case "nio" -> nio();
            default -> throw new IllegalArgumentException("unknown transport " + name);
        };
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
