package io.grapevine.node.transfer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    @Test
    void unlimitedNeverWaits() {
        TokenBucket b = new TokenBucket(0);
        b.take(1L << 40);
        assertThat(b.delayNanos()).isZero();
    }

    @Test
    void debtIsRepaidAtTheRate() {
        TokenBucket b = new TokenBucket(1_000_000);
        b.take(250_000); // the quarter-second burst
        b.take(500_000);
        long delay = b.delayNanos();
        assertThat(delay).isBetween(400_000_000L, 510_000_000L);
    }

    @Test
    void lowerRateTakesEffectAndCapsTheBurst() {
        TokenBucket b = new TokenBucket(4_000_000);
        b.setRate(1_000_000);
        b.take(250_000 + 1_000_000);
        assertThat(b.delayNanos()).isBetween(900_000_000L, 1_010_000_000L);
        assertThatThrownBy(() -> b.setRate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsRefuseTinyRatesAndNameTheField() {
        assertThatThrownBy(() -> new TransferSettings.RateLimits(0, 1000, 0, 0))
                .isInstanceOfSatisfying(TransferSettings.InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo("rateLimits.downloadBytesPerSecond"));
        assertThatThrownBy(() -> new TransferSettings(null, 0, 0))
                .isInstanceOfSatisfying(TransferSettings.InvalidSettingException.class,
                        e -> assertThat(e.field()).isEqualTo("maxUploads"));
    }
}
