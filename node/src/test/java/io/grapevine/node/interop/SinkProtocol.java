package io.grapevine.node.interop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responder of the test protocol {@value #ID}, a one-way throughput sink: counts every byte it reads and keeps a
 * running CRC-32 (zlib's polynomial) of them; on the remote's FIN it writes back the {@value #REPLY_LENGTH}-byte
 * reply, the count (8 bytes, big-endian) then the CRC-32 (4 bytes, big-endian), and closes its write side.
 */
public final class SinkProtocol extends ChannelInboundHandlerAdapter {

    public static final String ID = "/grapevine/sink/1.0.0";
    public static final int REPLY_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(SinkProtocol.class);

    private final CRC32 crc = new CRC32();
    private long received;
    private boolean replied;

    /** Prepares a freshly negotiated stream channel: half-closure on, so the remote's FIN is an event, not a close. */
    public static void install(Channel stream) {
        stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        stream.pipeline().addLast("sink", new SinkProtocol());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && !replied) {
                received += buf.readableBytes();
                update(crc, buf);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            replied = true;
            ByteBuf reply = ctx.alloc().buffer(REPLY_LENGTH).writeLong(received).writeInt((int) crc.getValue());
            ctx.writeAndFlush(reply).addListener((ChannelFutureListener) f -> EchoProtocol.closeOutput(ctx.channel()));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("sink stream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    /** Adds the readable bytes of {@code buf} (left unread) to {@code crc}, without copying them. */
    static void update(CRC32 crc, ByteBuf buf) {
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer());
        } else {
            for (java.nio.ByteBuffer part : buf.nioBuffers()) {
                crc.update(part);
            }
        }
    }
}
