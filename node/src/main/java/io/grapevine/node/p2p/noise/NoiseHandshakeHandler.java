package io.grapevine.node.p2p.noise;
// TEMPORARY compile-only placeholder, never committed.
public class NoiseHandshakeHandler extends io.netty.channel.ChannelInboundHandlerAdapter {
    public NoiseHandshakeHandler(io.grapevine.node.identity.PrivateKey k, boolean i, io.grapevine.node.identity.PeerId p, java.time.Duration t) {}
    public java.util.concurrent.CompletableFuture<NoiseSession> handshakeFuture() { return null; }
}
