package io.grapevine.blocklist.stamp;

import io.grapevine.blocklist.codec.CanonicalWriter;
import io.grapevine.blocklist.codec.Sha256;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StampTest {
    private final byte[] payload = "vote bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void mintedNonceHasTheLeadingZeroBitsWhenHashedIndependently() {
        long nonce = Stamp.mint(payload, 14);
        byte[] input = ByteBuffer.allocate(4 + 17 + 4 + payload.length + 8)
                .put(new CanonicalWriter().string("grapevine/stamp/1").bytes(payload).toByteArray())
                .putLong(nonce).array();
        byte[] h = Sha256.hash(input);
        assertThat(h[0]).isZero();
        assertThat(h[1] & 0xFC).isZero();
        assertThat(Stamp.verify(payload, nonce, 14)).isTrue();
    }

    @Test
    void wrongPayloadOrNonceFails() {
        long nonce = Stamp.mint(payload, 16);
        assertThat(Stamp.verify("other".getBytes(StandardCharsets.UTF_8), nonce, 16)).isFalse();
        // mint returns the smallest valid nonce, so every smaller one is invalid.
        for (long n = Math.max(0, nonce - 50); n < nonce; n++) {
            assertThat(Stamp.verify(payload, n, 16)).isFalse();
        }
        assertThat(Stamp.verify(payload, 12345, 0)).isTrue();
    }

    @Test
    void difficultyBounds() {
        assertThatThrownBy(() -> Stamp.verify(payload, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stamp.mint(payload, Stamp.MAX_DIFFICULTY + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leadingZeroBits() {
        assertThat(Stamp.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
        assertThat(Stamp.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(Stamp.leadingZeroBits(new byte[] {0x0F})).isEqualTo(4);
        assertThat(Stamp.leadingZeroBits(new byte[4])).isEqualTo(32);
    }
}
