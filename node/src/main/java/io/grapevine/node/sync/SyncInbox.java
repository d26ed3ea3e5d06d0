package io.grapevine.node.sync;

import io.grapevine.node.sync.SyncFrameDecoder.SyncFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands decoded messages and the stream's end from the event loop to the session thread. The sides take turns: the
 * peer may send one message after each of ours (and the responder's peer one to start), so a message that arrives
 * before our answer is a protocol violation. A message is in turn only if its bytes arrived after the send that gave
 * the turn: the {@link #arrivals()} marker, ahead of the decoder, notes the turns granted when each read came in, so a
 * burst read at once is judged the same however fast the session thread answers its first message. This also bounds
 * the queue.
 */
final class SyncInbox extends ChannelInboundHandlerAdapter {
    /** The peer ended its side (FIN) or the stream closed. */
    static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Turns given to the peer so far: one per message of ours (plus the opening one for a responder's peer). */
    private long granted;
    /** Turns granted when the read now being decoded arrived. */
    private long grantedAtArrival;
    /** Peer messages accepted so far. */
    private long used;
    private boolean ended;

    /** {@code peerSpeaksFirst}: we are the responder, so the peer's opening message is in turn. */
    SyncInbox(boolean peerSpeaksFirst) {
        this.granted = peerSpeaksFirst ? 1 : 0;
        this.grantedAtArrival = granted;
    }

    /** Called just before we send a message: the peer may answer it with one. */
    synchronized void passTurn() {
        granted++;
    }

    /** The handler to put before the frame decoder: it notes the turns granted as each read arrives. */
    ChannelInboundHandlerAdapter arrivals() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                synchronized (SyncInbox.this) {
                    grantedAtArrival = granted;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SyncFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!frame.message().getError().isEmpty()) {
                // A peer may give up at any time (a busy responder before our first message): its last word.
                ended = true;
                queue.add(frame);
                return;
            }
            if (used >= grantedAtArrival) {
                fail(ctx, new SyncException("peer sent a message out of turn", true));
                return;
            }
            used++;
        }
        queue.add(frame);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            end();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new SyncException("bad stream data: " + cause.getMessage(), true));
    }

    private synchronized void end() {
        if (!ended) {
            ended = true;
            queue.add(END);
        }
    }

    /** Stops reading (nothing more from this peer is wanted) and lets the session send its reason and close. */
    private synchronized void fail(ChannelHandlerContext ctx, SyncException e) {
        ctx.channel().config().setAutoRead(false);
        if (!ended) {
            ended = true;
            queue.add(e);
        }
    }

    /**
     * The next message, {@link #END}, or throws: the failure seen on the stream, or a timeout when nothing came
     * within {@code timeout}.
     */
    SyncFrame take(Duration timeout) throws SyncException, InterruptedException {
        Object next = queue.poll(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new SyncException("peer sent nothing for " + timeout.toMillis() + " ms", false);
        }
        if (next instanceof SyncException e) {
            throw e;
        }
        if (next == END) {
            queue.add(END); // stays ended for any later take
            return null;
        }
        return (SyncFrame) next;
    }
}
