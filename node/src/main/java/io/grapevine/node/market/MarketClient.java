package io.grapevine.node.market;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.market.proto.MarketRequest;
import io.grapevine.node.market.proto.MarketResponse;
import io.grapevine.node.p2p.host.Host;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The asking side of {@code /grapevine/market/1}: one request, one response, within {@link MarketProtocol#TIMEOUT}. */
public final class MarketClient {
    private MarketClient() {
    }

    public static CompletableFuture<MarketResponse> call(Host host, PeerId peer, MarketRequest request) {
        CompletableFuture<MarketResponse> result = new CompletableFuture<>();
        host.newStream(peer, List.of(MarketProtocol.PROTOCOL_ID), stream -> stream.channel().pipeline().addLast(
                new MarketFrameDecoder<>(MarketProtocol.MAX_RESPONSE_BYTES, MarketResponse::parseFrom),
                new Handler(result))).whenComplete((stream, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                        return;
                    }
                    Channel ch = stream.channel();
                    ch.eventLoop().schedule(() -> {
                        if (result.completeExceptionally(new java.util.concurrent.TimeoutException(
                                "no market answer from " + peer + " within " + MarketProtocol.TIMEOUT))) {
                            ch.close();
                        }
                    }, MarketProtocol.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    ch.writeAndFlush(MarketFrameDecoder.encode(ch.alloc(), request));
                });
        return result;
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<MarketResponse> result;

        Handler(CompletableFuture<MarketResponse> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MarketResponse response) {
                result.complete(response);
                ctx.close();
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("market stream closed without an answer"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new IllegalStateException("bad market answer: " + cause.getMessage(), cause));
            ctx.close();
        }
    }
}
