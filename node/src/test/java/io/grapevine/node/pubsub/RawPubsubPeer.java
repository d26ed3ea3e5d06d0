package io.grapevine.node.pubsub;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.p2p.host.Stream;
import io.grapevine.node.pubsub.rpc.RpcFrameDecoder;
import io.grapevine.node.pubsub.rpc.RpcFrameEncoder;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A hand-driven pubsub peer for hostile-input tests: writes any RPC and records what the router sends it. */
final class RawPubsubPeer implements AutoCloseable {
    final Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    final Host host;
    final List<RPC> received = new CopyOnWriteArrayList<>();
    volatile Channel inbound;
    Stream outbound;
    /** The latest stream to each target; {@link #send} writes to all (one target in most tests, several in networks). */
    private final Map<PeerId, Stream> outbounds = new ConcurrentHashMap<>();

    RawPubsubPeer() throws Exception {
        host = new Host(HostConfig.builder(key)
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .ioThreads(1)
                .ping(Duration.ZERO, 3)
                .build());
        host.start();
        host.setStreamHandler(PubsubProtocols.MESHSUB_1_2, stream -> {
            inbound = stream.channel();
            stream.channel().pipeline().addLast(new RpcFrameDecoder(4 << 20), new SimpleChannelInboundHandler<RPC>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, RPC rpc) {
                    received.add(rpc);
                }
            });
        });
    }

    PeerId peerId() {
        return host.peerId();
    }

    /**
     * Connects and opens our stream to {@code target} (unlimited encoder, so we can send oversized RPCs). May be
     * called for several targets, or again for one (the new stream replaces the old); {@link #outbound} is the latest.
     */
    void open(Host target) throws Exception {
        host.dial(target.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        outbound = host.newStream(target.peerId(), List.of(PubsubProtocols.MESHSUB_1_2),
                s -> s.channel().pipeline().addLast(new RpcFrameEncoder(Integer.MAX_VALUE)))
                .get(10, TimeUnit.SECONDS);
        outbounds.put(target.peerId(), outbound);
    }

    /** Writes {@code rpc} to every target opened. */
    void send(RPC rpc) throws Exception {
        for (Stream stream : outbounds.values()) {
            stream.channel().writeAndFlush(rpc).sync();
        }
    }

    @Override
    public void close() {
        host.close();
    }
}
