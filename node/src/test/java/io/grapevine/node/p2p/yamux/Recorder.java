package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what reaches the end of a stream's pipeline: bytes, user events, exceptions, read completions. */
final class Recorder extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    volatile int reads;
    volatile int readCompletes;
    volatile boolean inactive;

    /** The recorder of a stream, still reachable after its pipeline was torn down on close. */
    static Recorder of(io.netty.channel.Channel ch) {
        return ch.attr(KEY).get();
    }

    private static final io.netty.util.AttributeKey<Recorder> KEY = io.netty.util.AttributeKey.valueOf("recorder");

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(KEY).set(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        synchronized (bytes) {
            byte[] a = new byte[buf.readableBytes()];
            buf.readBytes(a);
            bytes.writeBytes(a);
        }
        reads++;
        buf.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readCompletes++;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
    }

    byte[] received() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }
}
