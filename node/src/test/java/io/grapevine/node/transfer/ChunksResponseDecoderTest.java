package io.grapevine.node.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.transfer.proto.ChunkHeader;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.ManifestHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder copies chunk bytes as they arrive: any split of the input gives the same messages. */
class ChunksResponseDecoderTest {
    private static byte[] chunkFrame(int index, byte[] data) {
        ChunksResponse header = ChunksResponse.newBuilder().setChunk(ChunkHeader.newBuilder().setIndex(index)
                .setStatus(ChunkStatus.OK).setLength(data.length)).build();
        ByteBuf frame = Frames.encode(ByteBufAllocator.DEFAULT, header);
        byte[] out = new byte[frame.readableBytes() + data.length];
        frame.readBytes(out, 0, frame.readableBytes());
        System.arraycopy(data, 0, out, out.length - data.length, data.length);
        frame.release();
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void chunksSplitAtEveryKindOfBoundaryDecodeToTheirBytes() {
        byte[] a = random(300_000, 1);
        byte[] b = random(1 << 20, 2);
        ByteBuf missingFrame = Frames.encode(ByteBufAllocator.DEFAULT, ChunksResponse.newBuilder().setChunk(
                ChunkHeader.newBuilder().setIndex(9).setStatus(ChunkStatus.MISSING)).build());
        byte[] missing = ByteBufUtil.getBytes(missingFrame);
        missingFrame.release();
        byte[] wire = concat(chunkFrame(3, a), chunkFrame(4, b), missing);
        for (int piece : new int[] {1, 7, 65_519, 1 << 20, wire.length}) {
            EmbeddedChannel ch = new EmbeddedChannel(new ChunksResponseDecoder());
            for (int at = 0; at < wire.length; at += piece) {
                ch.writeInbound(Unpooled.wrappedBuffer(wire, at, Math.min(piece, wire.length - at)));
            }
            ChunkData first = ch.readInbound();
            ChunkData second = ch.readInbound();
            ChunksResponse third = ch.readInbound();
            assertThat(first.index()).isEqualTo(3);
            assertThat(first.data()).isEqualTo(a);
            assertThat(second.index()).isEqualTo(4);
            assertThat(second.data()).isEqualTo(b);
            assertThat(third.getChunk().getStatus()).isEqualTo(ChunkStatus.MISSING);
            assertThat((Object) ch.readInbound()).isNull();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aManifestArrivingInPiecesIsDeliveredWhole() {
        byte[] body = random(70_000, 3);
        ByteBuf header = Frames.encode(ByteBufAllocator.DEFAULT, ChunksResponse.newBuilder().setManifest(
                ManifestHeader.newBuilder().setCid(ByteString.copyFrom(new byte[] {1, 2, 3})).setLength(body.length))
                .build());
        EmbeddedChannel ch = new EmbeddedChannel(new ChunksResponseDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(body, 0, 10)));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(body, 10, body.length - 10));
        ManifestData manifest = ch.readInbound();
        assertThat(manifest.cid()).containsExactly(1, 2, 3);
        assertThat(manifest.data()).isEqualTo(body);
        ch.finishAndReleaseAll();
    }

    @Test
    void aChunkLongerThanTheLimitIsRefusedFromItsHeaderBeforeAnyBytes() {
        ByteBuf header = Frames.encode(ByteBufAllocator.DEFAULT, ChunksResponse.newBuilder().setChunk(
                ChunkHeader.newBuilder().setIndex(0).setStatus(ChunkStatus.OK)
                        .setLength(ChunksProtocol.MAX_CHUNK_BYTES + 1)).build());
        EmbeddedChannel ch = new EmbeddedChannel(new ChunksResponseDecoder());
        assertThatThrownBy(() -> ch.writeInbound(header)).isInstanceOf(DecoderException.class)
                .hasMessageContaining("exceeds");
        ch.finishAndReleaseAll();
    }
}
