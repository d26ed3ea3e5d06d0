package io.grapevine.node.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultistreamMessageTest {

    static List<String> decodeAll(ByteBuf in) {
        List<String> out = new ArrayList<>();
        try {
            String m;
            while ((m = MultistreamMessage.decode(in)) != null) {
                out.add(m);
            }
        } catch (MultistreamException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    @Test
    void roundTripsSeveralMessagesIncludingTwoByteLengths() {
        String longOne = "/" + "x".repeat(300);
        ByteBuf buf = MultistreamMessage.encode(ByteBufAllocator.DEFAULT, "/noise", longOne, "na");
        assertThat(decodeAll(buf)).containsExactly("/noise", longOne, "na");
        assertThat(buf.isReadable()).isFalse();
        buf.release();
    }

    @Test
    void incompleteMessageConsumesNothing() throws Exception {
        ByteBuf buf = Unpooled.buffer().writeByte(7).writeBytes("/noi".getBytes());
        assertThat(MultistreamMessage.decode(buf)).isNull();
        assertThat(buf.readerIndex()).isZero();
        buf.release();
    }

    @Test
    void refusesToEncodeOversizedMessage() {
        assertThatThrownBy(() -> MultistreamMessage.encode(ByteBufAllocator.DEFAULT, "x".repeat(1024)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsZeroLengthAndNonMinimalAndOverlongVarints() {
        for (int[] bytes : new int[][] {{0x00}, {0x80, 0x00}, {0xff, 0xff, 0xff, 0x01}}) {
            ByteBuf buf = Unpooled.buffer();
            for (int b : bytes) {
                buf.writeByte(b);
            }
            assertThatThrownBy(() -> MultistreamMessage.decode(buf)).isInstanceOf(MultistreamException.class);
            buf.release();
        }
    }
}
