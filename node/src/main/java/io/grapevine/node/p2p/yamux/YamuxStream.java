package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One Yamux stream as a Netty child channel of the connection, on the connection's event loop.
 *
 * <p>Inbound DATA is queued (bounded by the receive window we advertised) and delivered as the pipeline reads;
 * consumed bytes are credited back in batches. Outbound writes become DATA frames as far as the send window and the
 * connection's writability allow; the rest waits in the outbound buffer, whose water marks drive
 * {@link #isWritable()}. {@link #shutdownOutput()} sends FIN after the queued writes, {@link #close()} sends FIN at
 * once, {@link #reset()} sends RST.
 */
public final class YamuxStream extends AbstractChannel implements DuplexChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /**
     * Largest DATA payload we send in one frame: header + payload = 65,519 bytes, exactly the plaintext of one
     * full Noise transport message (65,535 less the 16-byte tag), so a frame never spills into a second, tiny
     * message (each costs a cipher set-up, a tag and a length prefix). Still big enough to amortise the header.
     */
    static final int MAX_DATA_FRAME = 65_535 - 16 - YamuxHeader.SIZE;

    private final YamuxSession session;
    private final int id;
    private final YamuxStreamConfig config;
    private final YamuxReceiveWindow receiveWindow;
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>(4);
    private long sendWindow = YamuxHeader.INITIAL_WINDOW;

    private boolean open = true;
    private boolean readPending;
    private boolean inReadLoop;
    private boolean readCompleteScheduled;
    private boolean inDoWrite;
    private ChannelPromise finPromise;
    private boolean finSent;
    private boolean finReceived;
    private boolean inputShutdownFired;
    private boolean inputDiscarded;
    private boolean resetSent;
    private boolean resetReceived;
    private boolean sessionClosed;
    private boolean awaitingAck;
    private ScheduledFuture<?> ackTimeout;

    YamuxStream(YamuxSession session, Channel parent, int id, YamuxConfig sessionConfig) {
        super(parent);
        this.session = session;
        this.id = id;
        this.config = new YamuxStreamConfig(this, sessionConfig.writeBufferWaterMark());
        this.receiveWindow = new YamuxReceiveWindow(sessionConfig.initialReceiveWindow(),
                sessionConfig.maxReceiveWindow(), System.nanoTime());
    }

    /** The Yamux stream id (odd when opened by the connection's initiator). */
    public int streamId() {
        return id;
    }

    /** Sends RST and closes the stream; pending writes fail. */
    public ChannelFuture reset() {
        ChannelPromise promise = newPromise();
        runOnLoop(() -> reset0(promise));
        return promise;
    }

    @Override
    public YamuxStreamConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isInputShutdown() {
        return finReceived || inputDiscarded || resetReceived || resetSent || !open;
    }

    @Override
    public boolean isOutputShutdown() {
        return finSent || resetSent || resetReceived || !open;
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    /** Half-closes: the FIN follows the writes already queued; later writes fail. */
    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        runOnLoop(() -> shutdownOutput0(promise));
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    /**
     * Stops delivering inbound data: what is queued and what still arrives is dropped and credited back, so the
     * remote can finish writing (Yamux has no signal to ask it to stop short of {@link #reset()}).
     */
    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        runOnLoop(() -> {
            if (open && !inputDiscarded) {
                inputDiscarded = true;
                ByteBuf b;
                while ((b = inbound.poll()) != null) {
                    int n = b.readableBytes();
                    b.release();
                    credit(n);
                }
            }
            promise.trySuccess();
        });
        return promise;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownOutput().addListener(f -> shutdownInput().addListener(g -> {
            if (f.isSuccess()) {
                promise.trySuccess();
            } else {
                promise.tryFailure(f.cause());
            }
        }));
        return promise;
    }

    @Override
    public String toString() {
        return "YamuxStream(" + Integer.toUnsignedString(id) + " on " + parent() + ")";
    }

    // ---- called by the session, on the event loop ----

    /** Flow-control state for diagnostics. */
    String describeState() {
        ChannelOutboundBuffer out = unsafe().outboundBuffer();
        return this + " open=" + open + " sendWindow=" + sendWindow + " receiveWindow=" + receiveWindow.window()
                + " available=" + receiveWindow.available() + " queued=" + inbound.size()
                + " pendingWrites=" + (out == null ? -1 : out.totalPendingWriteBytes()) + " writable=" + isWritable()
                + " readPending=" + readPending + " fin=" + finSent + "/" + finReceived;
    }

    boolean isLocallyClosed() {
        return !open;
    }

    boolean isFinished() {
        return resetSent || resetReceived || sessionClosed || finReceived;
    }

    boolean isRemoteFinished() {
        return finReceived;
    }

    long availableWindow() {
        return receiveWindow.available();
    }

    boolean isAwaitingAck() {
        return awaitingAck;
    }

    int initialWindowDelta() {
        return receiveWindow.initialDelta();
    }

    boolean reserve(long length) {
        return receiveWindow.reserve(length);
    }

    void startAckTimer(Duration timeout) {
        awaitingAck = true;
        ackTimeout = parent().eventLoop().schedule(this::ackTimedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void onAck() {
        if (awaitingAck) {
            awaitingAck = false;
            ackTimeout.cancel(false);
            session.acknowledged(this);
        }
    }

    void onWindowUpdate(long delta) {
        sendWindow += delta;
        ChannelOutboundBuffer out = unsafe().outboundBuffer();
        if (open && delta > 0 && out != null && !out.isEmpty()) {
            resumeWrite();
        }
    }

    /** Flushes what the send window now allows (after a WINDOW_UPDATE, or when the connection is writable again). */
    void resumeWrite() {
        ((StreamUnsafe) unsafe()).resume();
    }

    void onData(ByteBuf part) {
        if (!open || inputDiscarded) {
            int n = part.readableBytes();
            part.release();
            if (open) {
                credit(n);
            }
            return;
        }
        inbound.add(part);
        if (readPending) {
            drain();
        }
    }

    /** End of the connection's read batch: one channelReadComplete for everything delivered during it. */
    void readComplete() {
        if (!readCompleteScheduled) {
            return;
        }
        readCompleteScheduled = false;
        if (!open) {
            return;
        }
        inReadLoop = true;
        try {
            pipeline().fireChannelReadComplete();
        } finally {
            inReadLoop = false;
        }
        drain();
    }

    void onRemoteFin() {
        finReceived = true;
        if (!open) {
            session.streamClosed(this);
            return;
        }
        maybeFireInputShutdown();
    }

    void onRemoteReset() {
        resetReceived = true;
        if (open) {
            pipeline().fireExceptionCaught(new YamuxStreamResetException(
                    "stream " + Integer.toUnsignedString(id) + " reset by the remote"));
            close();
        } else {
            session.streamClosed(this);
        }
    }

    void onSessionClosed() {
        sessionClosed = true;
        if (open && isRegistered()) {
            close();
        }
    }

    // ---- reading ----

    private void drain() {
        if (inReadLoop) {
            return;
        }
        inReadLoop = true;
        try {
            for (;;) {
                boolean delivered = false;
                ByteBuf b;
                while (open && readPending && (b = inbound.poll()) != null) {
                    if (!config.isAutoRead()) {
                        readPending = false;
                    }
                    int n = b.readableBytes();
                    pipeline().fireChannelRead(b);
                    credit(n);
                    delivered = true;
                }
                if (!delivered) {
                    break;
                }
                if (session.inReadBatch()) {
                    if (!readCompleteScheduled) {
                        readCompleteScheduled = true;
                        session.scheduleReadComplete(this);
                    }
                    break;
                }
                pipeline().fireChannelReadComplete();
            }
        } finally {
            inReadLoop = false;
        }
        maybeFireInputShutdown();
    }

    private void credit(int bytes) {
        int delta = receiveWindow.consumed(bytes, session.rttNanos());
        if (delta > 0 && !finReceived && !resetSent && !resetReceived && !sessionClosed) {
            session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, 0, id, delta);
        }
    }

    private void maybeFireInputShutdown() {
        if (!finReceived || inputShutdownFired || !open || inReadLoop || readCompleteScheduled
                || !inbound.isEmpty()) {
            return;
        }
        inputShutdownFired = true;
        pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        if (open) {
            pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
        if (open && (finSent || !config.isAllowHalfClosure())) {
            close();
        }
    }

    // ---- writing ----

    @Override
    protected Object filterOutboundMessage(Object msg) throws Exception {
        if (!(msg instanceof ByteBuf)) {
            throw new UnsupportedOperationException("yamux streams carry ByteBuf, not " + msg.getClass().getName());
        }
        if (finPromise != null || finSent || resetSent || resetReceived) {
            throw new ClosedChannelException();
        }
        return msg;
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        inDoWrite = true;
        boolean wrote = false;
        try {
            for (;;) {
                ByteBuf buf = (ByteBuf) in.current();
                if (buf == null) {
                    break;
                }
                int readable = buf.readableBytes();
                if (readable == 0) {
                    in.remove();
                    continue;
                }
                if (sendWindow <= 0 || !session.parentWritable(this)) {
                    break;
                }
                int n = (int) Math.min(Math.min(readable, sendWindow), MAX_DATA_FRAME);
                session.writeData(id, buf.retainedSlice(buf.readerIndex(), n));
                sendWindow -= n;
                in.removeBytes(n);
                wrote = true;
            }
        } finally {
            inDoWrite = false;
        }
        if (finPromise != null && in.isEmpty()) {
            sendFin();
        } else if (wrote) {
            session.flush();
        }
    }

    private void shutdownOutput0(ChannelPromise promise) {
        if (finSent) {
            promise.trySuccess();
            return;
        }
        if (finPromise != null) {
            finPromise.addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(f.cause());
                }
            });
            return;
        }
        if (!open || resetSent || resetReceived) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        finPromise = promise;
        unsafe().flush();
        ChannelOutboundBuffer out = unsafe().outboundBuffer();
        if (finPromise != null && !inDoWrite && (out == null || out.isEmpty())) {
            sendFin();
        }
    }

    private void sendFin() {
        ChannelPromise promise = finPromise;
        finPromise = null;
        finSent = true;
        session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_FIN, id, 0);
        session.flush();
        promise.trySuccess();
        pipeline().fireUserEventTriggered(ChannelOutputShutdownEvent.INSTANCE);
        if (open && inputShutdownFired) {
            close();
        }
    }

    @Override
    protected void doShutdownOutput() {
        // Netty's own shutdown path (unsafe().shutdownOutput) has already dropped pending writes: FIN at once.
        if (!finSent && !resetSent && !resetReceived && !sessionClosed) {
            finSent = true;
            session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_FIN, id, 0);
            session.flush();
        }
    }

    // ---- lifecycle ----

    private void reset0(ChannelPromise promise) {
        boolean heldBySession = !open && !isFinished();
        if ((open || heldBySession) && !sessionClosed && !resetSent && !resetReceived && !(finSent && finReceived)) {
            resetSent = true;
            session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_RST, id, 0);
            session.flush();
        }
        if (open) {
            close(promise);
        } else {
            if (heldBySession) {
                session.streamClosed(this);
            }
            promise.trySuccess();
        }
    }

    private void ackTimedOut() {
        if (!awaitingAck || !open) {
            return;
        }
        YamuxStreamResetException cause = new YamuxStreamResetException(
                "stream " + Integer.toUnsignedString(id) + " not acknowledged within " + session.streamOpenTimeout());
        if (!sessionClosed) {
            resetSent = true;
            session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_RST, id, 0);
            session.flush();
        }
        pipeline().fireExceptionCaught(cause);
        close();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        if (ackTimeout != null) {
            ackTimeout.cancel(false);
        }
        ByteBuf b;
        while ((b = inbound.poll()) != null) {
            b.release();
        }
        if (finPromise != null) {
            ChannelPromise promise = finPromise;
            finPromise = null;
            promise.tryFailure(new ClosedChannelException());
        }
        if (!sessionClosed && !resetSent && !resetReceived && !finSent) {
            finSent = true;
            session.writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_FIN, id, 0);
            session.flush();
        }
        session.streamClosed(this);
    }

    @Override
    protected void doBeginRead() {
        if (!open) {
            return;
        }
        readPending = true;
        if (!inbound.isEmpty()) {
            drain();
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop == parent().eventLoop();
    }

    @Override
    protected SocketAddress localAddress0() {
        return parent().localAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return parent().remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    private void runOnLoop(Runnable task) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("yamux streams are opened by YamuxSession"));
        }

        void resume() {
            flush0();
        }
    }
}
