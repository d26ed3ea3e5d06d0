package io.grapevine.node.p2p.yamux;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A client and a server YamuxSession on the two ends of a real 127.0.0.1 TCP connection. */
final class LoopbackPair implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final Channel serverListener;
    final Channel client;
    final Channel server;
    final YamuxSession clientSession;
    final YamuxSession serverSession;

    LoopbackPair(YamuxConfig config, ChannelInitializer<Channel> serverStreams) throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        serverListener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new YamuxSession(false, config, serverStreams));
                        accepted.complete(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new YamuxSession(true, config, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.close();
                    }
                }))
                .connect(serverListener.localAddress()).sync().channel();
        server = accepted.get(10, TimeUnit.SECONDS);
        clientSession = client.pipeline().get(YamuxSession.class);
        serverSession = server.pipeline().get(YamuxSession.class);
    }

    @Override
    public void close() throws Exception {
        client.close().await(5, TimeUnit.SECONDS);
        serverListener.close().await(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
