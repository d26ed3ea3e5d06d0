package io.grapevine.node.p2p.host;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Raw TCP over Netty NIO: listening sockets and outbound dials, IPv4 and IPv6, Nagle off (the protocols above write
 * small framed messages and want them on the wire at once).
 */
public final class TcpTransport implements AutoCloseable {
    private static final int BACKLOG = 256;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;

    public TcpTransport(int ioThreads) {
        this.acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    }

    public EventLoopGroup workers() {
        return workers;
    }

    /** Binds {@code address} (port 0 picks a free one); {@code childInitializer} is added to each accepted channel. */
    public CompletableFuture<Channel> listen(InetSocketAddress address, ChannelHandler childInitializer) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(childInitializer);
        return toCompletable(bootstrap.bind(address));
    }

    /** Connects to {@code address}, failing after {@code timeout}; {@code initializer} is added to the new channel. */
    public CompletableFuture<Channel> dial(InetSocketAddress address, ChannelHandler initializer, Duration timeout) {
        Bootstrap bootstrap = new Bootstrap()
                .group(workers)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(initializer);
        return toCompletable(bootstrap.connect(address));
    }

    private static CompletableFuture<Channel> toCompletable(ChannelFuture future) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        future.addListener(f -> {
            if (f.isSuccess()) {
                result.complete(future.channel());
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Stops the event loops; channels still open are closed by the shutdown. */
    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        acceptors.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
