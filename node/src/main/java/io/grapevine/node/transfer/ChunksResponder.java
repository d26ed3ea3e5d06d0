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
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Queue;
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

    private record Work(ContentManifest manifest, int index, boolean have, Cid manifestPart) {
        Work(ContentManifest manifest, int index, boolean have) {
            this(manifest, index, have, null);
        }
    }

    /**
     * Chunk bytes written but not yet taken by the stream: a few chunks, so the next one is ready when the Yamux window
     * opens (waiting for writability after every chunk left the link idle between chunks), yet bounded per stream.
     */
    private static final int MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

    private final ChunkStore chunks;
    private final ContentCatalog catalog;
    private final Queue<Work> queue = new ArrayDeque<>();
    private boolean inputDone;
    private long inFlightBytes;
    private boolean closing;
    private ScheduledFuture<?> idleTimer;

    ChunksResponder(ChunkStore chunks, ContentCatalog catalog) {
        this.chunks = chunks;
        this.catalog = catalog;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        restartIdleTimer(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ChunksRequest request) || closing) {
            ReferenceCountUtil.release(msg);
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
        ContentManifest manifest = catalog.find(id);
        if (manifest == null) {
            if (queue.isEmpty()) {
                ctx.writeAndFlush(Frames.encode(ctx.alloc(), error(ErrorCode.UNKNOWN_CONTENT, "unknown content " + id)));
            } else {
                // Keep responses in request order: answer after what is queued.
                queue.add(new Work(null, -1, false));
            }
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

    private void serve(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!closing && inFlightBytes < MAX_IN_FLIGHT_BYTES && !queue.isEmpty()) {
            Work w = queue.poll();
            wrote = true;
            if (w.manifestPart() != null) {
                byte[] bytes = catalog.manifestBytes(w.manifestPart());
                if (bytes == null) {
                    ctx.write(Frames.encode(ctx.alloc(), error(ErrorCode.UNKNOWN_CONTENT, "unknown manifest "
                            + w.manifestPart())));
                } else {
                    ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setManifest(ManifestHeader
                            .newBuilder().setCid(ByteString.copyFrom(w.manifestPart().toBytes()))
                            .setLength(bytes.length)).build()));
                    ctx.write(Unpooled.wrappedBuffer(bytes));
                }
            } else if (w.manifest() == null) {
                ctx.write(Frames.encode(ctx.alloc(), error(ErrorCode.UNKNOWN_CONTENT, "unknown content")));
            } else if (w.have()) {
                ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setHave(haveMap(w.manifest())).build()));
            } else {
                byte[] data = chunks.get(w.manifest().chunkId(w.index()));
                ChunkHeader.Builder header = ChunkHeader.newBuilder().setIndex(w.index());
                if (data == null) {
                    header.setStatus(ChunkStatus.MISSING);
                    ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(header).build()));
                } else {
                    header.setStatus(ChunkStatus.OK).setLength(data.length);
                    ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(header).build()));
                    inFlightBytes += data.length;
                    ctx.write(Unpooled.wrappedBuffer(data)).addListener(f -> {
                        inFlightBytes -= data.length;
                        serve(ctx);
                    });
                }
            }
        }
        if (wrote) {
            ctx.flush();
        }
        // Stop reading requests while responses cannot be written: the remote's window then fills, not our queue.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        if (inputDone && queue.isEmpty() && !closing) {
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
        }
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
