package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yamux session on a secured connection: decodes frames, dispatches them to {@link YamuxStream} child channels,
 * answers pings, keeps the connection alive and says GO_AWAY when closing.
 *
 * <p>The client (the connection's initiator) opens odd stream ids, the server even ones. A stream is opened with a
 * WINDOW_UPDATE carrying SYN and may be written at once, before the remote ACK arrives. Writes to the connection stop
 * while it is not writable and resume when it is, so a slow TCP reader bounds our memory as well.
 */
public final class YamuxSession extends ChannelDuplexHandler implements YamuxFrameDecoder.Listener {

    private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);

    /** Streams we opened that the remote has not acknowledged yet (the spec's ACK backlog). */
    static final int MAX_ACK_BACKLOG = 256;
    /** DATA payloads up to this size are copied behind their header instead of being composed. */
    private static final int COPY_THRESHOLD = 1024;

    private final boolean initiator;
    private final YamuxConfig config;
    private final ChannelInitializer<Channel> inboundStreamInitializer;
    private final YamuxFrameDecoder decoder;
    private final YamuxKeepAlive keepAlive;
    private final IntObjectHashMap<YamuxStream> streams = new IntObjectHashMap<>();
    private final List<YamuxStream> readCompletePending = new ArrayList<>();
    private final LinkedHashSet<YamuxStream> blockedOnConnection = new LinkedHashSet<>();

    private ChannelHandlerContext ctx;
    private int nextStreamId;
    private int highestRemoteId;
    private int ackBacklog;
    private YamuxStream dataTarget;
    private boolean deferredPong;
    private int deferredPongOpaque;
    private boolean inReadBatch;
    private boolean flushPending;
    private boolean started;
    private boolean goAwaySent;
    private volatile boolean remoteGoAway;
    private boolean failed;
    private boolean closed;

    public YamuxSession(boolean initiator, YamuxConfig config, ChannelInitializer<Channel> inboundStreamInitializer) {
        this.initiator = initiator;
        this.config = Objects.requireNonNull(config, "config");
        this.inboundStreamInitializer = Objects.requireNonNull(inboundStreamInitializer, "inboundStreamInitializer");
        this.decoder = new YamuxFrameDecoder(config.maxFramePayload());
        this.keepAlive = new YamuxKeepAlive(this, config.keepAliveInterval());
        this.nextStreamId = initiator ? 1 : 2;
    }

    /**
     * Opens a stream. The future completes with the registered stream channel, whose pipeline holds
     * {@code initializer}; it may be written at once. It fails if the session is closing, the remote said GO_AWAY,
     * or the stream or ACK-backlog limits are reached.
     */
    public Future<Channel> openStream(ChannelHandler initializer) {
        Objects.requireNonNull(initializer, "initializer");
        ChannelHandlerContext context = this.ctx;
        if (context == null) {
            throw new IllegalStateException("YamuxSession is not in a pipeline");
        }
        EventLoop loop = context.channel().eventLoop();
        Promise<Channel> promise = loop.newPromise();
        if (loop.inEventLoop()) {
            openStream0(initializer, promise);
        } else {
            loop.execute(() -> openStream0(initializer, promise));
        }
        return promise;
    }

    /** Whether the remote announced GO_AWAY (no new streams may be opened). */
    public boolean isRemoteGoAway() {
        return remoteGoAway;
    }

    /** Streams currently held, including locally closed ones still waiting for the remote FIN. */
    int streamCount() {
        return streams.size();
    }

    private void openStream0(ChannelHandler initializer, Promise<Channel> promise) {
        String refusal = closed || goAwaySent ? "the session is closed"
                : remoteGoAway ? "the remote sent GO_AWAY"
                : streams.size() >= config.maxStreams() ? "the session has " + streams.size() + " streams"
                : ackBacklog >= MAX_ACK_BACKLOG ? MAX_ACK_BACKLOG + " streams await their ACK"
                : nextStreamId < 0 ? "stream ids are exhausted"
                : null;
        if (refusal != null) {
            promise.setFailure(new YamuxException("cannot open a stream: " + refusal));
            return;
        }
        int id = nextStreamId;
        nextStreamId += 2;
        YamuxStream stream = new YamuxStream(this, ctx.channel(), id, config);
        stream.pipeline().addLast(initializer);
        streams.put(id, stream);
        ackBacklog++;
        writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_SYN, id, stream.initialWindowDelta());
        flush();
        register(stream, promise);
        stream.startAckTimer(config.streamOpenTimeout());
    }

    private void register(YamuxStream stream, Promise<Channel> promise) {
        ChannelPromise registered = stream.newPromise();
        stream.unsafe().register(ctx.channel().eventLoop(), registered);
        registered.addListener(f -> {
            if (f.isSuccess()) {
                if (promise != null) {
                    promise.trySuccess(stream);
                }
            } else {
                log.warn("Could not register yamux stream {}", stream, f.cause());
                stream.unsafe().closeForcibly();
                if (promise != null) {
                    promise.tryFailure(f.cause());
                }
            }
        });
    }

    // ---- pipeline events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (!started) {
            started = true;
            keepAlive.start(ctx.executor());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!failed && !closed) {
                inReadBatch = true;
                decoder.decode(buf, this);
            }
        } catch (YamuxException e) {
            protocolError(e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        for (int i = 0; i < readCompletePending.size(); i++) {
            readCompletePending.get(i).readComplete();
        }
        readCompletePending.clear();
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel connection = ctx.channel();
        if (deferredPong && connection.isWritable()) {
            deferredPong = false;
            writeControl(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_ACK, 0, deferredPongOpaque);
        }
        while (connection.isWritable() && !blockedOnConnection.isEmpty()) {
            YamuxStream next = blockedOnConnection.iterator().next();
            blockedOnConnection.remove(next);
            next.resumeWrite();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        shutdown();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        shutdown();
    }

    /** Closing the connection says GO_AWAY (normal termination) first. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        sendGoAway(YamuxGoAway.NORMAL);
        flush();
        ctx.close(promise);
    }

    // ---- frames from the remote ----

    @Override
    public void onHeader(YamuxHeader header) throws YamuxException {
        switch (header.type()) {
            case YamuxHeader.TYPE_PING -> onPing(header);
            case YamuxHeader.TYPE_GO_AWAY -> onGoAway(header);
            default -> onStreamFrame(header);
        }
    }

    @Override
    public void onDataPayload(ByteBuf part) {
        if (dataTarget != null) {
            dataTarget.onData(part);
        } else {
            part.release();
        }
    }

    @Override
    public void onDataEnd(YamuxHeader header) {
        YamuxStream stream = dataTarget;
        dataTarget = null;
        if (stream != null) {
            applyCloseFlags(stream, header.flags());
        }
    }

    private void onPing(YamuxHeader header) {
        if (header.has(YamuxHeader.FLAG_SYN)) {
            // A peer that pings without reading must not grow our outbound buffer: while it is full, only the
            // latest pong is kept and sent once the connection drains (a busy bulk transfer still answers).
            if (ctx.channel().isWritable()) {
                writeControl(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_ACK, 0, header.length());
            } else {
                deferredPong = true;
                deferredPongOpaque = header.length();
            }
        } else if (header.has(YamuxHeader.FLAG_ACK)) {
            keepAlive.onPong(header.length());
        }
    }

    private void onGoAway(YamuxHeader header) {
        remoteGoAway = true;
        if (header.length() == YamuxGoAway.NORMAL.code()) {
            log.debug("{} sent GO_AWAY", ctx.channel());
        } else {
            log.warn("{} sent GO_AWAY ({}), closing", ctx.channel(), YamuxGoAway.describe(header.length()));
            goAwaySent = true;
            ctx.channel().close();
        }
    }

    private void onStreamFrame(YamuxHeader header) throws YamuxException {
        int id = header.streamId();
        if (id == 0) {
            throw new YamuxException(YamuxHeader.typeName(header.type()) + " on the session id 0: " + header);
        }
        YamuxStream stream = streams.get(id);
        if (header.has(YamuxHeader.FLAG_SYN)) {
            if (stream != null) {
                throw new YamuxException("SYN for a stream already open: " + header);
            }
            stream = accept(id, header);
        } else if (stream == null && !seenBefore(id)) {
            throw new YamuxException("frame for a stream never opened: " + header);
        }
        if (stream == null) {
            return; // rejected now, or finished earlier: ignored, any DATA payload is drained
        }
        if (header.has(YamuxHeader.FLAG_ACK)) {
            stream.onAck();
        }
        if (header.type() == YamuxHeader.TYPE_WINDOW_UPDATE) {
            if (header.length() != 0) {
                stream.onWindowUpdate(header.unsignedLength());
            }
            applyCloseFlags(stream, header.flags());
            return;
        }
        if (header.length() != 0) {
            if (stream.isLocallyClosed()) {
                // Like TCP after close(): nobody will read this, so tell the sender instead of buffering it.
                stream.reset();
                return;
            }
            if (stream.isRemoteFinished()) {
                throw new YamuxException("DATA after FIN: " + header);
            }
            if (!stream.reserve(header.unsignedLength())) {
                throw new YamuxException("DATA beyond the receive window (" + stream.availableWindow()
                        + " bytes left): " + header);
            }
        }
        dataTarget = stream;
    }

    private YamuxStream accept(int id, YamuxHeader header) throws YamuxException {
        boolean oddId = (id & 1) == 1;
        if (oddId == initiator) {
            throw new YamuxException("SYN with an id of our parity: " + header);
        }
        if (Integer.compareUnsigned(id, highestRemoteId) > 0) {
            highestRemoteId = id;
        }
        if (goAwaySent || streams.size() >= config.maxStreams()) {
            log.debug("{} refusing stream {}: {} streams open, going away: {}", ctx.channel(),
                    Integer.toUnsignedString(id), streams.size(), goAwaySent);
            if (ctx.channel().isWritable()) {
                writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_RST, id, 0);
            }
            return null;
        }
        YamuxStream stream = new YamuxStream(this, ctx.channel(), id, config);
        stream.pipeline().addLast(inboundStreamInitializer);
        streams.put(id, stream);
        writeControl(YamuxHeader.TYPE_WINDOW_UPDATE, YamuxHeader.FLAG_ACK, id, stream.initialWindowDelta());
        register(stream, null);
        return stream.isOpen() ? stream : null;
    }

    /** Whether a stream id was used in this session (so frames for it may still be in flight). */
    private boolean seenBefore(int id) {
        boolean ours = ((id & 1) == 1) == initiator;
        if (ours) {
            return nextStreamId < 0 || Integer.compareUnsigned(id, nextStreamId) < 0;
        }
        return highestRemoteId != 0 && Integer.compareUnsigned(id, highestRemoteId) <= 0;
    }

    private static void applyCloseFlags(YamuxStream stream, int flags) {
        if ((flags & YamuxHeader.FLAG_RST) != 0) {
            stream.onRemoteReset();
        } else if ((flags & YamuxHeader.FLAG_FIN) != 0) {
            stream.onRemoteFin();
        }
    }

    private void protocolError(String reason) {
        if (failed) {
            return;
        }
        failed = true;
        dataTarget = null;
        log.warn("Yamux protocol error from {}: {}; closing the session", ctx.channel(), reason);
        sendGoAway(YamuxGoAway.PROTOCOL_ERROR);
        flush();
        ctx.close();
    }

    private void sendGoAway(YamuxGoAway code) {
        if (!goAwaySent && !closed && ctx.channel().isActive()) {
            goAwaySent = true;
            writeControl(YamuxHeader.TYPE_GO_AWAY, 0, 0, code.code());
        }
    }

    private void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        dataTarget = null;
        keepAlive.stop();
        List<YamuxStream> all = new ArrayList<>(streams.values());
        streams.clear();
        blockedOnConnection.clear();
        readCompletePending.clear();
        for (YamuxStream stream : all) {
            stream.onSessionClosed();
        }
    }

    // ---- services for streams and the keepalive, on the event loop ----

    boolean inReadBatch() {
        return inReadBatch;
    }

    void scheduleReadComplete(YamuxStream stream) {
        readCompletePending.add(stream);
    }

    long rttNanos() {
        return keepAlive.rttNanos();
    }

    Duration streamOpenTimeout() {
        return config.streamOpenTimeout();
    }

    void acknowledged(YamuxStream stream) {
        ackBacklog--;
    }

    /** Whether a stream may write to the connection now; if not, it is resumed once the connection drains. */
    boolean parentWritable(YamuxStream stream) {
        if (ctx.channel().isWritable()) {
            return true;
        }
        // Unflushed frames count against the connection's water mark: push them out before giving up.
        flush();
        if (ctx.channel().isWritable()) {
            return true;
        }
        blockedOnConnection.add(stream);
        return false;
    }

    /** A stream closed locally, or a closed stream heard the remote finish: release it when both are done. */
    void streamClosed(YamuxStream stream) {
        if (!stream.isLocallyClosed()) {
            return;
        }
        blockedOnConnection.remove(stream);
        if (stream.isFinished() && streams.get(stream.streamId()) == stream) {
            streams.remove(stream.streamId());
            if (stream.isAwaitingAck()) {
                ackBacklog--;
            }
        }
    }

    void keepAliveFailed(Duration interval) {
        log.warn("{} did not answer a ping within {}; closing the session", ctx.channel(), interval);
        ctx.channel().close();
    }

    void writeControl(int type, int flags, int streamId, int length) {
        if (closed) {
            return;
        }
        ctx.write(YamuxHeader.encode(ctx.alloc(), type, flags, streamId, length), ctx.voidPromise());
        flushPending = true;
        if (!inReadBatch) {
            flush();
        }
    }

    void writeData(int streamId, ByteBuf payload) {
        if (closed) {
            payload.release();
            return;
        }
        int length = payload.readableBytes();
        ByteBuf frame;
        if (length <= COPY_THRESHOLD) {
            frame = ctx.alloc().buffer(YamuxHeader.SIZE + length);
            YamuxHeader.write(frame, YamuxHeader.TYPE_DATA, 0, streamId, length);
            frame.writeBytes(payload);
            payload.release();
        } else {
            ByteBuf header = ctx.alloc().buffer(YamuxHeader.SIZE);
            YamuxHeader.write(header, YamuxHeader.TYPE_DATA, 0, streamId, length);
            frame = ctx.alloc().compositeBuffer(2).addComponents(true, header, payload);
        }
        ctx.write(frame, ctx.voidPromise());
        flushPending = true;
    }

    void flush() {
        if (flushPending && ctx != null) {
            flushPending = false;
            ctx.flush();
        }
    }
}
