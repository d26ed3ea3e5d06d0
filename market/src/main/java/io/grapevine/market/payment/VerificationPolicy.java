package io.grapevine.market.payment;

import java.time.Duration;
import java.util.Objects;

/**
 * How strict payment verification is.
 *
 * @param minConfirmations   confirmations the paying block needs (1 = mined in the head block)
 * @param settlementWindow   how long after an order's expiry a proof may still be presented (time to confirm)
 * @param blockTimeTolerance slack on block timestamps, which miners may set up to 2 hours off
 */
public record VerificationPolicy(int minConfirmations, Duration settlementWindow, Duration blockTimeTolerance) {
    public VerificationPolicy {
        if (minConfirmations < 1) {
            throw new IllegalArgumentException("at least one confirmation is required");
        }
        Objects.requireNonNull(settlementWindow);
        Objects.requireNonNull(blockTimeTolerance);
        if (settlementWindow.isNegative() || blockTimeTolerance.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Mainnet defaults: 3 confirmations, one day to settle, Bitcoin's 2-hour timestamp tolerance. */
    public static VerificationPolicy defaults() {
        return new VerificationPolicy(3, Duration.ofDays(1), Duration.ofHours(2));
    }

    public VerificationPolicy withMinConfirmations(int n) {
        return new VerificationPolicy(n, settlementWindow, blockTimeTolerance);
    }
}
