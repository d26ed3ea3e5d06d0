package io.grapevine.node.interop;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responder of the test protocol {@value #ID}: writes back every byte it reads and, once the remote has closed its
 * write side and everything is echoed, closes its own. Reads pause while the stream is not writable, so a fast
 * sender is held back by flow control instead of filling memory.
 */
public final class EchoProtocol extends ChannelInboundHandlerAdapter {

    public static final String ID = "/grapevine/echo/1.0.0";
    private static final Logger log = LoggerFactory.getLogger(EchoProtocol.class);

    /** Prepares a freshly negotiated stream channel: half-closure on, so the remote's FIN is an event, not a close. */
    public static void install(Channel stream) {
        stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        stream.pipeline().addLast("echo", new EchoProtocol());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            // The empty write completes after every earlier write, so the FIN follows the last echoed byte.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> closeOutput(ctx.channel()));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("echo stream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    static void closeOutput(Channel channel) {
        if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        } else {
            channel.close();
        }
    }
}
