package io.grapevine.node.transfer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.transfer.proto.ChunkHeader;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.ManifestHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Decodes response frames into {@link ChunksResponse}s, except that a chunk header with status OK and the raw bytes
 * after it become one {@link ChunkData}, and a manifest header and its bytes one {@link ManifestData}. Lengths above
 * {@link ChunksProtocol#MAX_CHUNK_BYTES} (chunks) or {@link ChunksProtocol#MAX_MANIFEST_BYTES} (manifests) are
 * refused from the header, before their bytes are buffered.
 *
 * <p>A chunk's or manifest's bytes are copied into an array of exactly the announced length as they arrive, rather
 * than cumulated until complete: cumulating a 1 MiB chunk grew Netty's buffer by reallocation (an unpooled, zeroed
 * direct buffer and a copy per doubling) and then copied it once more, on the event loop.
 */
final class ChunksResponseDecoder extends ByteToMessageDecoder {
    private final int[] prefix = new int[1];
    private ChunkHeader pendingChunk;
    private ManifestHeader pendingManifest;
    /** The body of the pending chunk or manifest, filled up to {@code filled}. */
    private byte[] body;
    private int filled;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (body != null) {
            fillBody(in, out);
            return;
        }
        int length = Frames.peekLength(in, ChunksProtocol.MAX_RESPONSE_BYTES, prefix);
        if (length < 0 || in.readableBytes() < prefix[0] + length) {
            return;
        }
        in.skipBytes(prefix[0]);
        byte[] frame = new byte[length];
        in.readBytes(frame);
        ChunksResponse response;
        try {
            response = ChunksResponse.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("malformed response: " + e.getMessage(), e);
        }
        if (response.hasChunk() && response.getChunk().getStatus() == ChunkStatus.OK) {
            int chunkLength = response.getChunk().getLength();
            if (chunkLength < 0 || chunkLength > ChunksProtocol.MAX_CHUNK_BYTES) {
                throw new CorruptedFrameException("chunk of " + Integer.toUnsignedString(chunkLength)
                        + " bytes exceeds " + ChunksProtocol.MAX_CHUNK_BYTES);
            }
            pendingChunk = response.getChunk();
            startBody(ChunkArrays.SHARED.take(chunkLength), in, out);
            return;
        }
        if (response.hasManifest()) {
            int manifestLength = response.getManifest().getLength();
            if (manifestLength < 0 || manifestLength > ChunksProtocol.MAX_MANIFEST_BYTES) {
                throw new CorruptedFrameException("manifest of " + Integer.toUnsignedString(manifestLength)
                        + " bytes exceeds " + ChunksProtocol.MAX_MANIFEST_BYTES);
            }
            pendingManifest = response.getManifest();
            startBody(new byte[manifestLength], in, out);
            return;
        }
        out.add(response);
    }

    /**
     * Bounded by the header checks above: at most one chunk (4 MiB) or manifest (8 MiB) per stream at a time. A
     * chunk's array comes from {@link ChunkArrays} and goes back there once the chunk has landed.
     */
    private void startBody(byte[] array, ByteBuf in, List<Object> out) {
        body = array;
        filled = 0;
        fillBody(in, out);
    }

    private void fillBody(ByteBuf in, List<Object> out) {
        int take = Math.min(in.readableBytes(), body.length - filled);
        in.readBytes(body, filled, take);
        filled += take;
        if (filled < body.length) {
            return;
        }
        byte[] data = body;
        body = null;
        if (pendingChunk != null) {
            out.add(new ChunkData(pendingChunk.getIndex(), data));
            pendingChunk = null;
        } else {
            out.add(new ManifestData(pendingManifest.getCid().toByteArray(), data));
            pendingManifest = null;
        }
    }
}
