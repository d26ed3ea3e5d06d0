package io.grapevine.node.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Examples from the unsigned-varint spec. */
    @ParameterizedTest
    @CsvSource({"1,01", "127,7f", "128,8001", "255,ff01", "300,ac02", "16384,808001",
            "9223372036854775807,ffffffffffffffff7f"})
    void specExamples(long value, String hex) {
        assertThat(HEX.formatHex(Varint.encode(value))).isEqualTo(hex);
        assertThat(Varint.encodedLength(value)).isEqualTo(hex.length() / 2);
        Varint.Decoded decoded = Varint.decode(HEX.parseHex(hex), 0);
        assertThat(decoded.value()).isEqualTo(value);
        assertThat(decoded.length()).isEqualTo(hex.length() / 2);

        ByteBuf buf = Unpooled.buffer();
        try {
            Varint.write(value, buf);
            assertThat(ByteBufUtilHex.hex(buf)).isEqualTo(hex);
            assertThat(Varint.tryRead(buf)).isEqualTo(value);
            assertThat(buf.readableBytes()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsNonMinimalEncodings() {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("8000"), 0)).isInstanceOf(InvalidMultiformatException.class);
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ff8000"), 0)).isInstanceOf(InvalidMultiformatException.class);
        ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex("8100"));
        try {
            assertThatThrownBy(() -> Varint.tryRead(buf)).isInstanceOf(InvalidMultiformatException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsMoreThanNineBytes() {
        byte[] tenBytes = HEX.parseHex("ffffffffffffffffff01");
        assertThatThrownBy(() -> Varint.decode(tenBytes, 0)).hasMessageContaining("longer than 9");
        ByteBuf buf = Unpooled.wrappedBuffer(tenBytes);
        try {
            assertThatThrownBy(() -> Varint.tryRead(buf)).hasMessageContaining("longer than 9");
        } finally {
            buf.release();
        }
    }

    @Test
    void truncatedInputNeedsMoreBytes() {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ac"), 0)).hasMessageContaining("truncated");
        ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex("ac"));
        try {
            assertThat(Varint.tryRead(buf)).isEqualTo(-1);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void boundedDecodeStopsAtEnd() {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ac02"), 0, 1)).hasMessageContaining("truncated");
    }

    @Test
    void negativeValuesCannotBeEncoded() {
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class ByteBufUtilHex {
        static String hex(ByteBuf buf) {
            return io.netty.buffer.ByteBufUtil.hexDump(buf);
        }
    }
}
