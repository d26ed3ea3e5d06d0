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
 */
final class ChunksResponseDecoder extends ByteToMessageDecoder {
    private final int[] prefix = new int[1];
    private ChunkHeader pendingChunk;
    private ManifestHeader pendingManifest;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (pendingChunk != null) {
            int length = pendingChunk.getLength();
            if (in.readableBytes() < length) {
                return;
            }
            byte[] data = new byte[length];
            in.readBytes(data);
            out.add(new ChunkData(pendingChunk.getIndex(), data));
            pendingChunk = null;
            return;
        }
        if (pendingManifest != null) {
            int length = pendingManifest.getLength();
            if (in.readableBytes() < length) {
                return;
            }
            byte[] data = new byte[length];
            in.readBytes(data);
            out.add(new ManifestData(pendingManifest.getCid().toByteArray(), data));
            pendingManifest = null;
            return;
        }
        int length = Frames.peekLength(in, ChunksProtocol.MAX_RESPONSE_BYTES, prefix);
        if (length < 0 || in.readableBytes() < prefix[0] + length) {
            return;
        }
        in.skipBytes(prefix[0]);
        byte[] body = new byte[length];
        in.readBytes(body);
        ChunksResponse response;
        try {
            response = ChunksResponse.parseFrom(body);
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
            return;
        }
        if (response.hasManifest()) {
            int manifestLength = response.getManifest().getLength();
            if (manifestLength < 0 || manifestLength > ChunksProtocol.MAX_MANIFEST_BYTES) {
                throw new CorruptedFrameException("manifest of " + Integer.toUnsignedString(manifestLength)
                        + " bytes exceeds " + ChunksProtocol.MAX_MANIFEST_BYTES);
            }
            pendingManifest = response.getManifest();
            return;
        }
        out.add(response);
    }
}
