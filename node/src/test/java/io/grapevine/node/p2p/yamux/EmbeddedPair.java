package io.grapevine.node.p2p.yamux;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** A client and a server session on two EmbeddedChannels, connected by an explicit pump (never re-entrant). */
final class EmbeddedPair {
    final YamuxSession clientSession;
    final YamuxSession serverSession;
    final EmbeddedChannel client;
    final EmbeddedChannel server;
    final Queue<Channel> acceptedByClient = new ConcurrentLinkedQueue<>();
    final Queue<Channel> acceptedByServer = new ConcurrentLinkedQueue<>();

    EmbeddedPair(YamuxConfig config, Consumer<Channel> clientInbound, Consumer<Channel> serverInbound) {
        clientSession = new YamuxSession(true, config, initializer(acceptedByClient, clientInbound));
        serverSession = new YamuxSession(false, config, initializer(acceptedByServer, serverInbound));
        client = new EmbeddedChannel(clientSession);
        server = new EmbeddedChannel(serverSession);
        pump();
    }

    EmbeddedPair(YamuxConfig config) {
        this(config, ch -> ch.pipeline().addLast(new Recorder()), ch -> ch.pipeline().addLast(new Recorder()));
    }

    private static ChannelInitializer<Channel> initializer(Queue<Channel> accepted, Consumer<Channel> setup) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                setup.accept(ch);
                accepted.add(ch);
            }
        };
    }

    /** Moves bytes both ways until neither side has anything left to send (bounded). */
    void pump() {
        for (int round = 0; round < 100_000; round++) {
            boolean moved = move(client, server) | move(server, client);
            client.runPendingTasks();
            server.runPendingTasks();
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("pump did not settle");
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object o; (o = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(o);
            } else {
                io.netty.util.ReferenceCountUtil.release(o);
            }
        }
        return moved;
    }

    Channel open(YamuxSession from, ChannelHandler... handlers) {
        Future<Channel> f = from.openStream(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(handlers);
            }
        });
        pump();
        if (!f.isSuccess()) {
            throw new AssertionError("openStream failed", f.cause());
        }
        return f.getNow();
    }

    static Recorder recorder(Channel ch) {
        return Recorder.of(ch);
    }

    void close() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }
}
