package io.grapevine.node.pubsub.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.pubsub.rpc.proto.ControlIDontWant;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class RpcFramingTest {
    private static RPC sample(int dataSize) {
        return RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t"))
                .addPublish(Message.newBuilder().setTopic("t").setData(ByteString.copyFrom(new byte[dataSize])))
                .setControl(ControlMessage.newBuilder()
                        .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(ByteString.copyFromUtf8("id"))))
                .build();
    }

    @Test
    void roundTripsSeveralRpcsDeliveredByteByByte() {
        EmbeddedChannel writer = new EmbeddedChannel(new RpcFrameEncoder(1 << 20));
        writer.writeOutbound(sample(10), sample(1000));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = writer.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        EmbeddedChannel reader = new EmbeddedChannel(new RpcFrameDecoder(1 << 20));
        while (all.isReadable()) {
            reader.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat((RPC) reader.readInbound()).isEqualTo(sample(10));
        assertThat((RPC) reader.readInbound()).isEqualTo(sample(1000));
        assertThat((Object) reader.readInbound()).isNull();
        assertThat(reader.finishAndReleaseAll()).isFalse();
    }

    @Test
    void oversizedLengthIsRejectedBeforeItsBytesArrive() {
        EmbeddedChannel reader = new EmbeddedChannel(new RpcFrameDecoder(1024));
        ByteBuf prefixOnly = Unpooled.buffer();
        Varint.write(1025, prefixOnly);
        assertThatThrownBy(() -> reader.writeInbound(prefixOnly)).isInstanceOf(TooLongFrameException.class);
        reader.finishAndReleaseAll();
    }

    @Test
    void hugeVarintIsRejected() {
        EmbeddedChannel reader = new EmbeddedChannel(new RpcFrameDecoder(1 << 20));
        ByteBuf overlong = Unpooled.wrappedBuffer(new byte[] {
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
        assertThatThrownBy(() -> reader.writeInbound(overlong)).isInstanceOf(DecoderException.class);
        reader.finishAndReleaseAll();
    }

    @Test
    void malformedProtobufIsACorruptedFrame() {
        EmbeddedChannel reader = new EmbeddedChannel(new RpcFrameDecoder(1 << 20));
        // Field 1, wire type 2 (length-delimited), claiming 100 bytes where 1 follows.
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {3, 0x0a, 100, 0});
        assertThatThrownBy(() -> reader.writeInbound(bad)).isInstanceOf(CorruptedFrameException.class);
        reader.finishAndReleaseAll();
    }

    @Test
    void encoderRefusesRpcsAboveTheLimit() {
        EmbeddedChannel writer = new EmbeddedChannel(new RpcFrameEncoder(100));
        assertThatThrownBy(() -> writer.writeOutbound(sample(200))).isInstanceOf(EncoderException.class);
        writer.finishAndReleaseAll();
    }

    @Test
    void exactlyTheLimitIsAccepted() {
        RPC rpc = sample(0);
        int size = rpc.getSerializedSize();
        EmbeddedChannel writer = new EmbeddedChannel(new RpcFrameEncoder(size));
        writer.writeOutbound(rpc);
        ByteBuf frame = writer.readOutbound();
        EmbeddedChannel reader = new EmbeddedChannel(new RpcFrameDecoder(size));
        reader.writeInbound(frame);
        assertThat((RPC) reader.readInbound()).isEqualTo(rpc);
        writer.finishAndReleaseAll();
        reader.finishAndReleaseAll();
    }
}
