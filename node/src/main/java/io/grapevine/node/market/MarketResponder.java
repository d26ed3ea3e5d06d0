package io.grapevine.node.market;

import io.grapevine.node.market.proto.MarketRequest;
import io.grapevine.node.market.proto.MarketResponse;
import io.grapevine.node.market.proto.Refusal;
import io.grapevine.node.p2p.host.Stream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one inbound market stream: waits (bounded by {@link MarketProtocol#TIMEOUT}) for the request, answers it from
 * {@link SellerMarket} on {@code worker} (verification and RocksDB writes stay off the event loop), then closes.
 * Garbage is answered with a BAD_REQUEST refusal when the stream is still writable.
 */
final class MarketResponder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MarketResponder.class);

    private final Stream stream;
    private final SellerMarket market;
    private final Executor worker;
    private ScheduledFuture<?> timer;
    private boolean answered;

    MarketResponder(Stream stream, SellerMarket market, Executor worker) {
        this.stream = stream;
        this.market = market;
        this.worker = worker;
    }

    static void install(Stream stream, SellerMarket market, Executor worker) {
        stream.channel().pipeline().addLast(
                new MarketFrameDecoder<>(MarketProtocol.MAX_REQUEST_BYTES, MarketRequest::parseFrom),
                new MarketResponder(stream, market, worker));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            LOG.debug("market stream from {} timed out", stream.remotePeer());
            ctx.close();
        }, MarketProtocol.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MarketRequest request) || answered) {
            ReferenceCountUtil.release(msg);
            return;
        }
        answered = true;
        try {
            worker.execute(() -> {
                MarketResponse response;
                try {
                    response = market.handle(request, stream.remotePeer(), stream.connection().remotePublicKey());
                } catch (RuntimeException e) {
                    LOG.warn("market request from {} failed", stream.remotePeer(), e);
                    response = refusal("INTERNAL_ERROR", "the seller's node failed to answer");
                }
                MarketResponse out = response;
                ctx.executor().execute(() -> reply(ctx, out));
            });
        } catch (RejectedExecutionException e) {
            reply(ctx, refusal("UNAVAILABLE", "the node is shutting down"));
        }
    }

    private void reply(ChannelHandlerContext ctx, MarketResponse response) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.writeAndFlush(MarketFrameDecoder.encode(ctx.alloc(), response)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("bad market stream from {}: {}", stream.remotePeer(), cause.getMessage());
        if (!answered && ctx.channel().isActive()) {
            answered = true;
            reply(ctx, refusal("BAD_REQUEST", String.valueOf(cause.getMessage())));
        } else {
            ctx.close();
        }
    }

    static MarketResponse refusal(String code, String message) {
        return MarketResponse.newBuilder().setRefusal(Refusal.newBuilder().setCode(code).setMessage(message)).build();
    }
}
