package io.grapevine.node.transfer;

import com.google.protobuf.ByteString;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.InvalidMultiformatException;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.transfer.proto.ChunkHeader;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.Error;
import io.grapevine.node.transfer.proto.ErrorCode;
import io.grapevine.node.transfer.proto.GetRequest;
import io.grapevine.node.transfer.proto.HaveResponse;
import io.grapevine.node.transfer.proto.ManifestHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@code /grapevine/chunks/1} stream: answers requests in order from the {@link ChunkStore}, with at most
 * {@link #MAX_IN_FLIGHT_BYTES} of chunk bytes written ahead of what the stream has taken, and queueing at most
 * {@link ChunksProtocol#MAX_QUEUED} requested chunks. Bad requests get an error and the stream is closed.
 */
final class ChunksResponder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChunksResponder.class);

    /** A store read in progress or done, and the chunk bytes it holds counted against {@link #MAX_IN_FLIGHT_BYTES}. */
    private static final class Loading {
        final Work work;
        final long bytes;
        Object result;
        boolean ready;

        Loading(Work work, long bytes) {
            this.work = work;
            this.bytes = bytes;
        }
    }

    private record Work(ContentManifest manifest, int index, boolean have, Cid manifestPart) {
        Work(ContentManifest manifest, int index, boolean have) {
            this(manifest, index, have, null);
        }
    }

    /**
     * Chunk bytes written but not yet taken by the stream: a few chunks, so the next one is ready when the Yamux window
     * opens (waiting for writability after every chunk left the link idle between chunks), yet bounded per stream.
     */
    private static final int MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;
    /** Store reads running at once per stream: the next chunks are read while the current one is sent. */
    private static final int MAX_READS_AHEAD = 4;

    private final ChunkStore chunks;
    private final ContentCatalog catalog;
    private final Executor storeExecutor;
    private final Queue<Work> queue = new ArrayDeque<>();
    /** Store reads started, oldest first; answers are written in this order, so responses keep request order. */
    private final Queue<Loading> loading = new ArrayDeque<>();
    private boolean inputDone;
    private long inFlightBytes;
    private boolean closing;
    private ScheduledFuture<?> idleTimer;
    private final UploadSlots slots;
    /** Holds one of {@link #slots} while the stream lives; false means it is answered BUSY. */
    private boolean slot;

    private final io.grapevine.node.identity.PeerId peer;
    private final ChunkAccessPolicy access;

    ChunksResponder(ChunkStore chunks, ContentCatalog catalog, Executor storeExecutor) {
        this(chunks, catalog, storeExecutor, new UploadSlots(Integer.MAX_VALUE), null, ChunkAccessPolicy.OPEN);
    }

    /** {@code access} is consulted with {@code peer} (proved by Noise) for every have and get request. */
    ChunksResponder(ChunkStore chunks, ContentCatalog catalog, Executor storeExecutor, UploadSlots slots,
                    io.grapevine.node.identity.PeerId peer, ChunkAccessPolicy access) {
        this.peer = peer;
        this.access = access;
        this.chunks = chunks;
        this.catalog = catalog;
        this.storeExecutor = storeExecutor;
        this.slots = slots;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        slot = slots.tryAcquire();
        restartIdleTimer(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closing = true;
        discard();
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (slot) {
            slot = false;
            slots.release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ChunksRequest request) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!slot) {
            // Over maxUploads: say so (not a protocol error), so the peer retries later or elsewhere.
            closing = true;
            ctx.writeAndFlush(Frames.encode(ctx.alloc(), error(ErrorCode.BUSY, "serving " + slots.max()
                    + " streams already; try later"))).addListener(f -> ctx.close());
            return;
        }
        restartIdleTimer(ctx);
        switch (request.getKindCase()) {
            case HAVE -> enqueue(ctx, request.getHave().getManifest(), null);
            case GET -> enqueue(ctx, request.getGet().getManifest(), request.getGet());
            case MANIFEST -> enqueueManifest(ctx, request.getManifest().getCid());
            default -> refuse(ctx, "request without a kind");
        }
    }

    private void enqueue(ChannelHandlerContext ctx, ByteString manifestId, GetRequest get) {
        if (get != null && (get.getIndexesCount() == 0 || get.getIndexesCount() > ChunksProtocol.MAX_GET_INDEXES)) {
            refuse(ctx, get.getIndexesCount() + " indexes in one GET (1.." + ChunksProtocol.MAX_GET_INDEXES + ")");
            return;
        }
        int adding = get == null ? 1 : get.getIndexesCount();
        if (queue.size() + adding > ChunksProtocol.MAX_QUEUED) {
            refuse(ctx, "more than " + ChunksProtocol.MAX_QUEUED + " chunks requested ahead");
            return;
        }
        Cid id;
        try {
            id = Cid.fromBytes(manifestId.toByteArray());
        } catch (InvalidMultiformatException e) {
            refuse(ctx, "bad content id: " + e.getMessage());
            return;
        }
        // A content the policy refuses to this peer (a paid listing without a license) is answered as unknown.
        ContentManifest manifest = access.allows(peer, id) ? catalog.find(id) : null;
        if (manifest == null) {
            // Answered in its turn, so responses stay in request order.
            queue.add(new Work(null, -1, false));
            serve(ctx);
            return;
        }
        if (get == null) {
            queue.add(new Work(manifest, -1, true));
        } else {
            for (int index : get.getIndexesList()) {
                if (index < 0 || index >= manifest.chunkCount()) {
                    refuse(ctx, "chunk index " + Integer.toUnsignedString(index) + " out of range 0.."
                            + (manifest.chunkCount() - 1));
                    return;
                }
            }
            for (int index : get.getIndexesList()) {
                queue.add(new Work(manifest, index, false));
            }
        }
        serve(ctx);
    }

    private void enqueueManifest(ChannelHandlerContext ctx, ByteString cid) {
        if (queue.size() + 1 > ChunksProtocol.MAX_QUEUED) {
            refuse(ctx, "more than " + ChunksProtocol.MAX_QUEUED + " requests ahead");
            return;
        }
        try {
            queue.add(new Work(null, -1, false, Cid.fromBytes(cid.toByteArray())));
        } catch (InvalidMultiformatException e) {
            refuse(ctx, "bad manifest id: " + e.getMessage());
            return;
        }
        serve(ctx);
    }

    /**
     * Starts store reads (a chunk, a have-map, a manifest) for the queue's head on the store executor, up to
     * {@link #MAX_READS_AHEAD} at once and while the bytes loaded or written but not yet taken stay under
     * {@link #MAX_IN_FLIGHT_BYTES}, so a large have-map or a slow disk never stalls the event loop and the next chunk is
     * ready when the window opens. Answers are written here, in request order, as the oldest read completes.
     */
    private void serve(ChannelHandlerContext ctx) {
        if (closing) {
            return;
        }
        while (!queue.isEmpty() && loading.size() < MAX_READS_AHEAD && inFlightBytes < MAX_IN_FLIGHT_BYTES) {
            Work w = queue.poll();
            Loading l = new Loading(w, expectedBytes(w));
            loading.add(l);
            inFlightBytes += l.bytes;
            try {
                storeExecutor.execute(() -> {
                    Object answer;
                    try {
                        answer = load(ctx, w);
                    } catch (RuntimeException e) {
                        answer = e;
                    }
                    Object result = answer;
                    ctx.executor().execute(() -> {
                        if (closing) {
                            ReferenceCountUtil.release(result);
                            return;
                        }
                        l.result = result;
                        l.ready = true;
                        answerReady(ctx);
                    });
                });
            } catch (RejectedExecutionException e) {
                closing = true;
                ctx.close();
                return;
            }
        }
        if (queue.isEmpty() || inFlightBytes >= MAX_IN_FLIGHT_BYTES) {
            // Stop reading requests while responses cannot be written: the remote's window fills, not our queue.
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            if (inputDone && queue.isEmpty() && loading.isEmpty()) {
                closing = true;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
            }
        }
    }

    /** Writes every completed read at the head of {@link #loading}, in order, then starts more. */
    private void answerReady(ChannelHandlerContext ctx) {
        while (!loading.isEmpty() && loading.peek().ready && !closing) {
            Loading l = loading.poll();
            // The bytes stay counted until the write completes (see answer); what was reserved is released here.
            inFlightBytes -= l.bytes;
            answer(ctx, l.work, l.result);
        }
        serve(ctx);
    }

    private static long expectedBytes(Work w) {
        return w.manifest() != null && !w.have() && w.index() >= 0 ? w.manifest().chunkLength(w.index()) : 0;
    }

    private Object load(ChannelHandlerContext ctx, Work w) {
        if (w.manifestPart() != null) {
            return catalog.manifestBytes(w.manifestPart());
        }
        if (w.manifest() == null) {
            return null;
        }
        if (w.have()) {
            return haveMap(w.manifest());
        }
        return readChunk(ctx, w.manifest().chunkId(w.index()), w.manifest().chunkLength(w.index()));
    }

    /**
     * A chunk read into a pooled buffer (released by the write, or by {@link #discard} when the stream goes away
     * first); null when not held. Pooled: no new 1 MiB array per chunk for the GC. Heap, not direct: Noise encrypts
     * from arrays (the JDK's ChaCha20-Poly1305 is ~40% slower on direct buffers), so a direct buffer would only move
     * the copy onto the event loop (measured: event loops +0.5 CPU-s per 512 MiB).
     */
    private ByteBuf readChunk(ChannelHandlerContext ctx, Cid id, int length) {
        ByteBuf buf = ctx.alloc().heapBuffer(length, length);
        boolean ok = false;
        try {
            ok = chunks.readInto(id, buf.nioBuffer(0, length));
            if (ok) {
                buf.writerIndex(length);
                return buf;
            }
            return null;
        } finally {
            if (!ok) {
                buf.release();
            }
        }
    }

    /** Releases loaded chunks nobody will write (the stream closed or failed). */
    private void discard() {
        for (Loading l : loading) {
            if (l.ready) {
                ReferenceCountUtil.release(l.result);
                l.result = null;
            }
        }
    }

    private void answer(ChannelHandlerContext ctx, Work w, Object result) {
        if (closing) {
            ReferenceCountUtil.release(result);
            return;
        }
        if (result instanceof RuntimeException e) {
            LOG.warn("closing chunks stream {}: store read failed: {}", ctx.channel(), e.toString());
            closing = true;
            ctx.close();
            return;
        }
        if (w.manifestPart() != null) {
            if (result == null) {
                ctx.write(Frames.encode(ctx.alloc(), error(ErrorCode.UNKNOWN_CONTENT, "unknown manifest "
                        + w.manifestPart())));
            } else {
                byte[] bytes = (byte[]) result;
                ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setManifest(ManifestHeader
                        .newBuilder().setCid(ByteString.copyFrom(w.manifestPart().toBytes()))
                        .setLength(bytes.length)).build()));
                ctx.write(Unpooled.wrappedBuffer(bytes));
            }
        } else if (w.manifest() == null) {
            ctx.write(Frames.encode(ctx.alloc(), error(ErrorCode.UNKNOWN_CONTENT, "unknown content")));
        } else if (w.have()) {
            ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setHave((HaveResponse) result).build()));
        } else {
            ByteBuf data = (ByteBuf) result;
            ChunkHeader.Builder header = ChunkHeader.newBuilder().setIndex(w.index());
            if (data == null) {
                header.setStatus(ChunkStatus.MISSING);
                ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(header).build()));
            } else {
                int length = data.readableBytes();
                header.setStatus(ChunkStatus.OK).setLength(length);
                ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(header).build()));
                inFlightBytes += length;
                ctx.write(data).addListener(f -> {
                    inFlightBytes -= length;
                    answerReady(ctx);
                });
            }
        }
        ctx.flush();
    }

    private HaveResponse haveMap(ContentManifest m) {
        byte[] bits = new byte[(m.chunkCount() + 7) / 8];
        for (int i = 0; i < m.chunkCount(); i++) {
            if (chunks.has(m.chunkId(i))) {
                bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return HaveResponse.newBuilder().setChunkCount(m.chunkCount()).setBitfield(ByteString.copyFrom(bits)).build();
    }

    private static ChunksResponse error(ErrorCode code, String message) {
        return ChunksResponse.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        LOG.debug("refusing chunks stream {}: {}", ctx.channel(), reason);
        closing = true;
        queue.clear();
        ctx.writeAndFlush(Frames.encode(ctx.alloc(), error(ErrorCode.BAD_REQUEST, reason)))
                .addListener(f -> ctx.close());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        serve(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputDone = true;
            serve(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return;
        }
        refuse(ctx, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    private void restartIdleTimer(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        idleTimer = ctx.executor().schedule(() -> {
            if (queue.isEmpty()) {
                LOG.debug("closing idle chunks stream {}", ctx.channel());
                ctx.close();
            } else {
                restartIdleTimer(ctx);
            }
        }, ChunksProtocol.IDLE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }
}
