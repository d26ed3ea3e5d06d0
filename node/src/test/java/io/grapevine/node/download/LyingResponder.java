package io.grapevine.node.download;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.transfer.ChunksProtocol;
import io.grapevine.node.transfer.proto.ChunkHeader;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.Error;
import io.grapevine.node.transfer.proto.ErrorCode;
import io.grapevine.node.transfer.proto.HaveResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A provider that claims every chunk and refuses to send the manifest; asked for chunks it sends random bytes, or,
 * when stalling, nothing at all.
 */
final class LyingResponder extends ByteToMessageDecoder {
    private final ContentManifest manifest;
    private final boolean stall;

    private LyingResponder(ContentManifest manifest, boolean stall) {
        this.manifest = manifest;
        this.stall = stall;
    }

    static void install(Host host, ContentManifest manifest) {
        host.setStreamHandler(ChunksProtocol.PROTOCOL_ID,
                stream -> stream.channel().pipeline().addLast(new LyingResponder(manifest, false)));
    }

    static void installStalling(Host host, ContentManifest manifest) {
        host.setStreamHandler(ChunksProtocol.PROTOCOL_ID,
                stream -> stream.channel().pipeline().addLast(new LyingResponder(manifest, true)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (true) {
            in.markReaderIndex();
            int length = 0;
            int shift = 0;
            boolean complete = false;
            while (in.isReadable() && shift < 35) {
                int b = in.readByte();
                length |= (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || in.readableBytes() < length) {
                in.resetReaderIndex();
                return;
            }
            byte[] frame = new byte[length];
            in.readBytes(frame);
            answer(ctx, ChunksRequest.parseFrom(frame));
        }
    }

    private void answer(ChannelHandlerContext ctx, ChunksRequest request) {
        switch (request.getKindCase()) {
            case HAVE -> {
                byte[] bits = new byte[(manifest.chunkCount() + 7) / 8];
                Arrays.fill(bits, (byte) 0xff);
                int spare = bits.length * 8 - manifest.chunkCount();
                if (spare > 0) {
                    bits[bits.length - 1] = (byte) (0xff << spare);
                }
                write(ctx, ChunksResponse.newBuilder().setHave(HaveResponse.newBuilder()
                        .setChunkCount(manifest.chunkCount()).setBitfield(ByteString.copyFrom(bits))).build());
            }
            case GET -> {
                if (stall) {
                    return;
                }
                for (int index : request.getGet().getIndexesList()) {
                    byte[] junk = new byte[manifest.chunkLength(index)];
                    new Random(index).nextBytes(junk);
                    write(ctx, ChunksResponse.newBuilder().setChunk(ChunkHeader.newBuilder().setIndex(index)
                            .setStatus(ChunkStatus.OK).setLength(junk.length)).build());
                    ctx.write(Unpooled.wrappedBuffer(junk));
                }
            }
            default -> write(ctx, ChunksResponse.newBuilder().setError(Error.newBuilder()
                    .setCode(ErrorCode.UNKNOWN_CONTENT).setMessage("no")).build());
        }
        ctx.flush();
    }

    private static void write(ChannelHandlerContext ctx, MessageLite message) {
        byte[] body = message.toByteArray();
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(body.length + 5);
        int v = body.length;
        while ((v & ~0x7f) != 0) {
            buf.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf.writeByte(v);
        buf.writeBytes(body);
        ctx.write(buf);
    }
}
